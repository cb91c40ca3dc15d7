# Naungan — two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup assets migrate demo serve lint bench clean-db

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed
	@$(MANAGE) compile_translations
	@$(MANAGE) collectstatic --noinput --verbosity 0

migrate: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable

demo: migrate
	$(MANAGE) load_demo

# Serves the app through gunicorn (the production server; static files by WhiteNoise), runs the
# background worker beside it (exports, reminders) and enqueues the overdue-case and
# overdue-referral reminders every 15 minutes.
run: demo
	@echo "Naungan: http://$(HOST):$(PORT)/  — akun demo: var/demo-accounts.json"
	@trap 'kill 0' EXIT; \
	  $(MANAGE) db_worker --queue-name '*' >var/worker.log 2>&1 & \
	  ( while true; do $(MANAGE) send_reminders --enqueue >>var/worker.log 2>&1; sleep 900; done ) & \
	  HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn -c naungan/config/gunicorn.py naungan.config.wsgi

test: setup
	@bash scripts/test.sh

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python -m bench

clean-db:
	rm -f var/naungan.sqlite3 var/naungan.sqlite3-wal var/naungan.sqlite3-shm
