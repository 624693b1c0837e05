# Tolkportaal: `make run` starts everything, `make test` checks everything.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install validators messages bench clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The outside validators of tests/validators (the Nu Html Checker, pa11y) from npm, as package-lock.json pins them.
# No install scripts: vnu.jar ships in its package and runs on the machine's Java, pa11y drives Debian's Chromium
# (tests/validators/pa11y_run.js), so neither downloads a runtime or a browser of its own.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed for the validators (apt-get install nodejs npm)"; exit 1; }
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

validators: $(NODE_STAMP)

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
# (SQLite + the filesystem queue), leaving out the tests marked `postgres` and the outside validators of the pages'
# HTML (`validators`), which check what the templates render and so need one run only.
test: lint messages validators
	$(BIN)/pytest
	TEST_EMBEDDED=1 $(BIN)/pytest -m "not postgres and not validators"

bench: install
	@command -v wrk >/dev/null 2>&1 || apt-get install -y -q wrk >/dev/null 2>&1 || sudo -n apt-get install -y -q wrk >/dev/null 2>&1 \
		|| echo "wrk could not be installed: the list pages under load are left out"
	@command -v nginx >/dev/null 2>&1 || apt-get install -y -q nginx-light >/dev/null 2>&1 \
		|| sudo -n apt-get install -y -q nginx-light >/dev/null 2>&1 \
		|| echo "nginx could not be installed: the list pages are loaded straight on gunicorn"
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var node_modules
