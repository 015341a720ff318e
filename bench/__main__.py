"""`make bench` / `.venv/bin/python -m bench`: every benchmark in turn, each with its defaults.

Database benchmarks get their own PostgreSQL database on the local server
(postgres://postgres@127.0.0.1:5432/motcua_bench_<name>, created if missing); the dossier
benchmark starts the shared throwaway server of ../shared/bench itself. Each prints a
Markdown table; copy the figures into docs/benchmarks.md with the date and machine.
`python -m bench NAME …` runs only those (names: workdays, catalog, authority, outbox,
oversight, dossier, metrics).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHES = {
    "workdays": ("bench.workdays_bench", None),
    "catalog": ("bench.catalog_search_bench", None),
    "authority": ("bench.authority_resolve_bench", "motcua_bench_authority"),
    "outbox": ("bench.outbox_bench", "motcua_bench_integrations"),
    "oversight": ("bench.oversight_bench", "motcua_bench_oversight"),
    "dossier": ("bench.dossier_bench", None),
    # 10 million generated dossiers by default (about half an hour and 50 GB the first time;
    # `python -m bench.metrics_bench --reuse` measures again without generating).
    "metrics": ("bench.metrics_bench", "motcua_bench_metrics"),
}


def main(names: list[str]) -> int:
    failed = []
    for name in names or list(BENCHES):
        module, database = BENCHES[name]
        env = dict(os.environ)
        if database:
            subprocess.run(
                ["createdb", "-h", "127.0.0.1", "-U", "postgres", database], capture_output=True, check=False
            )
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
        print(f"\n## {name} ({module})", flush=True)
        if subprocess.run([sys.executable, "-m", module], cwd=ROOT, env=env, check=False).returncode != 0:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
