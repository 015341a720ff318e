# motcua — the two commands: `make run` (serve with real data on SQLite) and `make test` (full suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install system run test test-fast lint typecheck schema check-schema messages bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

$(NPM_STAMP): package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

install: system $(STAMP) $(NPM_STAMP) messages  ## build .venv and node_modules (and the system packages the tests need)

system:  ## Debian's chromium, gettext and poppler-utils: installed when missing and possible, else the command to run
	@bash scripts/system-packages.sh

messages: $(STAMP)
	cd motcua && MOTCUA_DEBUG=1 ../$(BIN)/motcua compilemessages --verbosity 0

run: install  ## migrate, load real reference data and demo accounts, serve on 127.0.0.1:8000
	MOTCUA_DEBUG=1 $(BIN)/motcua setup --demo
	MOTCUA_DEBUG=1 $(BIN)/motcua runserver 127.0.0.1:8000

test: install  ## the full suite (SQLite by default; PostgreSQL when DATABASE_URL points there)
	$(BIN)/pytest -n 2 --dist loadgroup -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	MOTCUA_DEBUG=1 $(BIN)/mypy motcua

schema: install  ## regenerate the committed OpenAPI schema
	MOTCUA_DEBUG=1 $(BIN)/motcua export_openapi_schema --api motcua.api.api.api --indent 2 --sorted > docs/openapi.json

check-schema: install
	MOTCUA_DEBUG=1 $(BIN)/motcua export_openapi_schema --api motcua.api.api.api --indent 2 --sorted > var/openapi.json
	diff -u docs/openapi.json var/openapi.json

bench: install  ## run every benchmark; figures go in docs/benchmarks.md
	$(BIN)/pip install --quiet -e ".[dev,bench]"
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules var
