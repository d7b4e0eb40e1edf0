# Two commands on a fresh machine: `make demo` and `make test`. Each installs what it needs first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test lint install system-deps browser-deps node-deps services run bench soak messages clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changed.
$(STAMP): pyproject.toml | $(PY)
	$(PY) scripts/requirements.py --dev > $(VENV)/requirements.txt
	$(PY) -m pip install --quiet -r $(VENV)/requirements.txt
	touch $(STAMP)

install: $(STAMP)

# Debian packages: chromium for the browser tests, wrk for the benchmark.
browser-deps:
	@command -v chromium >/dev/null && fc-list | grep -qi "Noto Sans CJK" || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; }

# axe-core for the accessibility checks, pinned by package-lock.json; npm from Debian when missing.
node-deps:
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	@test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund

system-deps: browser-deps
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

# Start PostgreSQL when DATABASE_URL points at it and it is not answering.
services:
	@if [[ "$${DATABASE_URL:-}" == postgres* ]] && ! pg_isready -q -h 127.0.0.1 -p 5432; then \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; \
		for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
	fi

demo: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install browser-deps node-deps services
	$(VENV)/bin/ruff check .
	PORTAL_TESTING=1 $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .

# Ten minutes of mixed traffic against gunicorn while editors publish (SOAK_SECONDS to change).
soak: install
	$(PY) bench/soak.py

# Collect the translatable strings into locale/en/LC_MESSAGES/django.po, then compile django.mo (both committed).
I18N_IGNORE := --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'test-artifacts/*' --ignore 'staticfiles/*'
messages: install
	DEBUG=1 $(PY) manage.py makemessages -l en $(I18N_IGNORE) --no-location --no-obsolete
	DEBUG=1 $(PY) manage.py compilemessages $(I18N_IGNORE)

clean:
	rm -rf $(VENV) staticfiles

# The page cache's two-instance test needs PostgreSQL and Redis on 127.0.0.1, whatever DATABASE_URL says.
.PHONY: cache-services
test: cache-services
cache-services:
	@command -v redis-server >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; }
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --bind 127.0.0.1 --port 6379 --save '' --appendonly no --daemonize yes
	@if ! pg_isready -q -h 127.0.0.1 -p 5432; then \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; \
		for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
	fi

# The benchmark (bench/run.py): N synthetic articles, gunicorn, wrk, the table in bench/results.json.
# make bench N=100000; BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench make bench
N ?= 10000
ROUNDS ?= 3
DURATION ?= 5
SEEDS_DIR ?= $(abspath ../shared/seeds)
bench: install
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	SEEDS_DIR=$(SEEDS_DIR) $(PY) -m bench.run --n $(N) --rounds $(ROUNDS) --duration $(DURATION)
