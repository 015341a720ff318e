"""The stand-in Portal: a small threaded `http.server` that accepts the status-sync POST.

- `POST <any path>` with `{"service": "DongBoHoSoMC", "isUpdating": bool, "data": [record, …]}`:
  every record is validated (MaHoSo, MaTTHC, TrangThaiHoSo 1..10 required; dates
  `yyyyMMddHHmmss`; HinhThuc 1..3). Valid → HTTP 200 `{"error_code": 0, "message": …,
  "duplicate": bool}`; invalid → HTTP 400 `{"error_code": -1, "message": …, "errors": [...]}`.
  A repeat of (MaHoSo, TrangThaiHoSo, Idempotency-Key) is answered 200 with `duplicate: true`
  and stored once.
- `GET /hoso/<MaHoSo>`: the records received for that dossier (for demos).
- `GET /health`: `{"ok": true}`.
Bearer token: when the stand-in is given one, requests without it get 401.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

_DATE = re.compile(r"^\d{14}$")
DATE_FIELDS = ("NgayTiepNhan", "NgayHenTra", "NgayTra", "NgayKetThucXuLy", "ThoiDiemXuLy", "NgayBatDau")
REQUIRED_FIELDS = ("MaHoSo", "MaTTHC", "TrangThaiHoSo")
MAX_BODY = 2 * 1024 * 1024


def validate_record(record: Any) -> list[dict[str, str]]:
    """The contract's checks on one record; an empty list means it is accepted."""
    if not isinstance(record, dict):
        return [{"field": "", "message": "Bản ghi hồ sơ phải là một đối tượng JSON."}]
    errors = [
        {"field": name, "message": f"Thiếu trường bắt buộc {name}."}
        for name in REQUIRED_FIELDS
        if record.get(name) in (None, "")
    ]
    status: Any = record.get("TrangThaiHoSo")
    if status not in (None, ""):
        try:
            ok = 1 <= int(status) <= 10
        except (TypeError, ValueError):
            ok = False
        if not ok:
            errors.append({"field": "TrangThaiHoSo", "message": "TrangThaiHoSo phải từ 1 đến 10."})
    channel = record.get("HinhThuc")
    if channel not in (None, "") and str(channel) not in ("1", "2", "3"):
        errors.append({"field": "HinhThuc", "message": "HinhThuc phải là 1, 2 hoặc 3."})
    for name in DATE_FIELDS:
        value = record.get(name)
        if value not in (None, "") and not (isinstance(value, str) and _DATE.match(value)):
            errors.append({"field": name, "message": f"{name} phải có dạng yyyyMMddHHmmss."})
    return errors


class PortalStandin:
    """Run the stand-in on `host:port` (port 0 = an ephemeral port) in a background thread.

    with PortalStandin() as portal:
        settings.MOTCUA_PORTAL_URL = portal.url
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, token: str = "") -> None:
        self.token = token
        self.lock = threading.Lock()
        self.received: list[dict[str, Any]] = []  # accepted records, in order, once each
        self.requests: list[dict[str, Any]] = []  # every POST: headers of interest and outcome
        self._seen: set[tuple[str, str, str]] = set()
        self.server = ThreadingHTTPServer((host, port), self._handler_class())
        self.server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/dongbohoso"

    def start(self) -> PortalStandin:
        self._thread = threading.Thread(target=self.server.serve_forever, name="portal-standin", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def __enter__(self) -> PortalStandin:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the contract --------------------------------------------------------------------
    def accept(self, body: Any, *, key: str, authorization: str) -> tuple[int, dict[str, Any]]:
        if self.token and authorization != f"Bearer {self.token}":
            return 401, {"error_code": 401, "message": "Không xác thực được hệ thống gửi."}
        if not isinstance(body, dict) or not isinstance(body.get("data"), list) or not body["data"]:
            return 400, {"error_code": -1, "message": "Thiếu danh sách hồ sơ (data).", "errors": []}
        errors: list[dict[str, str]] = []
        for index, record in enumerate(body["data"]):
            errors.extend({"index": str(index), **err} for err in validate_record(record))
        if errors:
            return 400, {"error_code": -1, "message": "Dữ liệu hồ sơ không hợp lệ.", "errors": errors}
        duplicate = True
        with self.lock:
            for record in body["data"]:
                seen = (str(record["MaHoSo"]), str(record["TrangThaiHoSo"]), key)
                if seen in self._seen:
                    continue
                self._seen.add(seen)
                self.received.append(record)
                duplicate = False
        return 200, {"error_code": 0, "message": "Đồng bộ thành công.", "duplicate": duplicate}

    def records_for(self, code: str) -> list[dict[str, Any]]:
        with self.lock:
            return [r for r in self.received if str(r.get("MaHoSo")) == code]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "motcua-portal-standin/1"

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean; the request list records what came in

            def _answer(self, status: int, body: Any) -> None:
                data = json.dumps(body, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length <= 0 or length > MAX_BODY:
                    self._answer(400, {"error_code": -1, "message": "Thân yêu cầu rỗng hoặc quá lớn."})
                    return
                try:
                    body = json.loads(self.rfile.read(length).decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    self._answer(400, {"error_code": -1, "message": "Thân yêu cầu không phải JSON."})
                    return
                key = self.headers.get("Idempotency-Key", "")
                status, answer = standin.accept(body, key=key, authorization=self.headers.get("Authorization", ""))
                with standin.lock:
                    standin.requests.append({"path": self.path, "key": key, "status": status})
                self._answer(status, answer)

            def do_GET(self) -> None:
                if self.path == "/health":
                    self._answer(200, {"ok": True})
                elif self.path.startswith("/hoso/"):
                    code = unquote(self.path.removeprefix("/hoso/"))
                    self._answer(200, {"MaHoSo": code, "records": standin.records_for(code)})
                else:
                    self._answer(404, {"error_code": 404, "message": "Không có tài nguyên này."})

        return Handler
