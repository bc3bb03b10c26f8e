# Safe Passage: `make run` starts a demo instance, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DATA ?= $(CURDIR)/data
PYTEST_WORKERS ?= 2

.PHONY: run test install lint typecheck test-sqlite test-postgres bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

## run: demo instance on http://127.0.0.1:8000 with its background worker (SQLite in ./data)
run: install
	SAFEPASSAGE_DATA_DIR=$(DATA) SAFEPASSAGE_ENV=demo $(BIN)/safepassage demo
	@echo "Starting the worker and the web server; Ctrl-C stops both."
	@SAFEPASSAGE_DATA_DIR=$(DATA) SAFEPASSAGE_ENV=demo; export SAFEPASSAGE_DATA_DIR SAFEPASSAGE_ENV; \
	  $(BIN)/safepassage worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/safepassage serve --bind 127.0.0.1:8000

## test: lint (ruff, bandit, pip-audit), types, the suite on SQLite (with browser tests), then on PostgreSQL
test: install lint typecheck test-sqlite test-postgres

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check safepassage bench
	$(BIN)/bandit -q -r safepassage -x '*/tests/*,*/migrations/*,*/conftest.py,*/test_settings.py'
	BIN=$(BIN) scripts/dependency-audit.sh

typecheck: install
	$(BIN)/mypy safepassage

# CI exports SAFEPASSAGE_TEST_DATABASE_URL for the PostgreSQL run; this run stays on SQLite.
test-sqlite: install
	env -u SAFEPASSAGE_TEST_DATABASE_URL $(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal safepassage

test-postgres: install
	@url=$$(scripts/postgres-for-tests.sh); \
	if [ -z "$$url" ]; then \
	  echo "PostgreSQL run skipped: set SAFEPASSAGE_TEST_DATABASE_URL (CI always sets it)."; \
	  [ -z "$$SAFEPASSAGE_REQUIRE_POSTGRES" ] || exit 1; \
	else \
	  SAFEPASSAGE_TEST_DATABASE_URL=$$url $(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal \
	    -m "not sqlite_only and not browser" safepassage; \
	fi

clean:
	rm -rf $(VENV) build *.egg-info
