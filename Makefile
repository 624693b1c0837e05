# Tolkportaal: `make run` starts everything, `make test` checks everything.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install messages bench clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The compiled .mo files are committed too, so a machine without gettext still shows every language.
messages: install
	@if command -v msgfmt >/dev/null 2>&1; then $(BIN)/python manage.py compilemessages --ignore=.venv >/dev/null; \
	else echo "gettext (msgfmt) not installed: using the committed translations"; fi

run: install messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/honcho start -f Procfile --port 8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

# The whole suite on PostgreSQL + Redis (when reachable), then again on the embedded default that `make run` uses
# (SQLite + the filesystem queue), leaving out only the tests marked `postgres`.
test: lint messages
	$(BIN)/pytest
	TEST_EMBEDDED=1 $(BIN)/pytest -m "not postgres"

bench: install
	@command -v wrk >/dev/null 2>&1 || apt-get install -y -q wrk >/dev/null 2>&1 || sudo -n apt-get install -y -q wrk >/dev/null 2>&1 \
		|| echo "wrk could not be installed: the list pages under load are left out"
	@command -v nginx >/dev/null 2>&1 || apt-get install -y -q nginx-light >/dev/null 2>&1 \
		|| sudo -n apt-get install -y -q nginx-light >/dev/null 2>&1 \
		|| echo "nginx could not be installed: the list pages are loaded straight on gunicorn"
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var
