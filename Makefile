# SatuPintu — `make run` starts the platform with demo data; `make test` checks everything.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Where bin/run keeps the database, files, keys and its pid file (as config/settings.py reads it).
DATA_DIR := $(or $(SATUPINTU_DATA_DIR),var)
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: install test-deps run stop lint format test bench soak clean messages

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	@touch $@

install: $(VENV)/.installed  ## Build .venv with the runtime dependencies.

$(VENV)/.test-installed: $(VENV)/.installed pyproject.toml package.json
	$(PIP) install --quiet -e '.[test]'
	npm install --silent --no-audit --no-fund
	@touch $@

test-deps: $(VENV)/.test-installed  ## Install what the tests need (Python extras and axe-core).

$(DATA_DIR)/secret_key:
	@mkdir -p $(DATA_DIR)
	@(umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(64))" > $@)

run: install $(DATA_DIR)/secret_key  ## Set up and start web server + task worker with demo data.
	@SATUPINTU_DATA_DIR=$(DATA_DIR) bin/run

stop:  ## Stop what `make run` started (web, worker, courier, sealer), e.g. in the background.
	@SATUPINTU_DATA_DIR=$(DATA_DIR) bin/stop

lint: test-deps  ## ruff, mypy and the import-linter layer contracts (pyproject.toml).
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=true $(VENV)/bin/mypy satupintu config
	$(VENV)/bin/lint-imports --no-cache

format: test-deps
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: test-deps lint  ## Lint, then the suite on SQLite, PostgreSQL and in Chromium.
	@bin/test

bench: test-deps  ## Benchmarks; each prints JSON.
	@bin/bench

soak: install  ## 10 minutes (SOAK_SECONDS) of mixed traffic on what `make run` starts; prints JSON.
	@$(PY) bench/soak.py

clean:
	rm -rf $(VENV) node_modules $(DATA_DIR)/static

messages: install  ## Refresh the English catalogue after changing Indonesian strings, then compile it.
	DJANGO_DEBUG=true $(PY) manage.py makemessages -l en --add-location file --ignore=.venv \
	  --ignore=node_modules --ignore=var --ignore=e2e --ignore=bench --ignore=docs \
	  '--ignore=*/tests/*' --ignore=tests --ignore=conftest.py
	DJANGO_DEBUG=true $(PY) manage.py compilemessages --ignore=.venv
