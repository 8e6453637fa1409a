# samordna: `make run` starts the service with demo data, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint setup chromium messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

# The embedded default: SQLite in var/, DEBUG on for a local demo (never in production).
run: export DEBUG ?= true
# Demo only: users without an authenticator app log in with the password alone.
run: export DEMO_SKIP_2FA ?= true
run: $(VENV)/.installed
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) compiletranslations
	$(MANAGE) load_demo
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) serve

# Browser tests use Debian's Chromium; install it when missing and we are allowed to.
chromium:
	@if [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium and poppler-utils for the browser and PDF tests …"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	  else \
	    echo "The browser tests need Debian's chromium and poppler-utils: run 'sudo apt-get install chromium poppler-utils' and try again." >&2; \
	    exit 1; \
	  fi; \
	fi

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Tests run as production does (DEBUG off), with a throw-away key, in parallel: one
# pytest-xdist worker per core (TEST_WORKERS=0 runs them in this one process).
TEST_WORKERS ?= auto
test: export SECRET_KEY ?= make-test-only-secret-key-0123456789abcdef
test: export ALLOWED_HOSTS ?= testserver,localhost,127.0.0.1
test: $(VENV)/.installed-dev chromium lint
	$(MANAGE) compiletranslations
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest --numprocesses $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# Developers: refresh the .po files after changing texts (needs gettext's xgettext).
messages: $(VENV)/.installed-dev
	cd samordna && ../$(BIN)/python ../manage.py makemessages --locale sv --locale en --no-obsolete --ignore 'static/*'

clean:
	rm -rf $(VENV) var
