# The two commands of the README:
#   make demo   set up .venv, migrate SQLite, seed demo data, print the logins, serve http://127.0.0.1:8000
#   make test   set up .venv and run the whole test suite (PostgreSQL when reachable, else SQLite)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint setup messages clean

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (set PYTHON=/path/to/python3.11).")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock ".[test]"
	touch $(STAMP)

setup: $(STAMP)

# The embedded demo ignores DATABASE_URL and REDIS_URL: SQLite, tasks in-process.
demo: $(STAMP)
	DATABASE_URL= REDIS_URL= DJANGO_ENV=development $(BIN)/python manage.py migrate --no-input
	DATABASE_URL= REDIS_URL= DJANGO_ENV=development $(BIN)/python manage.py seed_demo
	DATABASE_URL= REDIS_URL= DJANGO_ENV=development $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	DJANGO_ENV=development $(BIN)/python -m pytest

# Re-extract and compile the catalogues after changing user-facing strings (needs GNU gettext).
messages: $(STAMP)
	$(BIN)/python manage.py makemessages --locale ru --locale kk --locale en --ignore ".venv/*" --ignore "static/*" --ignore "test-artifacts/*" --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore ".venv/*"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
