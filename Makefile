# make run   - set everything up and serve http://127.0.0.1:8000 (Ctrl-C stops it)
# make test  - run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test lint messages lock

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

run: $(VENV)/.installed
	$(PY) -m marketplace.launch run

test: $(VENV)/.installed
	$(PY) -m marketplace.launch test

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Refresh locale/*/LC_MESSAGES/django.po from the sources (needs GNU gettext).
messages: $(VENV)/.installed
	$(PY) manage.py makemessages --no-location --no-obsolete -l ru -l ko --ignore=.venv --ignore=var

# Re-pin the whole dependency tree after changing pyproject.toml.
lock: $(VENV)/.installed
	$(PY) -m pip freeze --exclude-editable > requirements.lock
