# The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test setup lint format e2e bench clean-db lock messages

setup: $(VENV)/.synced bangfu/locale/zh_Hans/LC_MESSAGES/django.mo
	@mkdir -p var/static

$(VENV)/.synced: pyproject.toml uv.lock scripts/find-python.sh
	@if [ ! -x $(BIN)/python ] || ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
	  py=$$(scripts/find-python.sh) || exit 1; \
	  echo "Creating $(VENV) with $$py"; rm -rf $(VENV); $$py -m venv $(VENV) || exit 1; \
	fi
	@$(BIN)/python -m pip install -q --disable-pip-version-check uv
	$(BIN)/uv sync --frozen --inexact --python $(BIN)/python
	@touch $@

bangfu/locale/zh_Hans/LC_MESSAGES/django.mo: bangfu/locale/zh_Hans/LC_MESSAGES/django.po $(VENV)/.synced
	$(BIN)/python scripts/compile_messages.py

# The Chinese catalogue (docs/CONVENTIONS.md, "Translations"): bring the source's msgids into
# the .po (a new one comes with an empty msgstr to fill in by hand), then compile it. Needs
# GNU gettext (xgettext, msgmerge); tests/test_translations.py reads the --ignore flags here.
MESSAGES_FLAGS := -l zh_Hans --ignore=.venv --ignore=var --ignore=tests --ignore=bench
messages: $(VENV)/.synced
	$(BIN)/bangfu makemessages $(MESSAGES_FLAGS)
	$(BIN)/python scripts/compile_messages.py

run: setup
	$(BIN)/bangfu setup_demo
	@# the background worker (big imports) runs beside the server and stops with it
	$(BIN)/bangfu db_worker --worker-id make-run >var/worker.log 2>&1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/bangfu runserver $(HOST):$(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bangfu makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/pytest -n 2 -m "not e2e" $(PYTEST_ARGS); rc=$$?; [ $$rc -eq 5 ] && { echo "no tests collected"; exit 1; }; exit $$rc

e2e: setup
	scripts/ensure-chromium.sh
	scripts/ensure-libreoffice.sh
	$(BIN)/pytest -m e2e -p no:xdist $(PYTEST_ARGS); rc=$$?; [ $$rc -eq 5 ] && { echo "no e2e tests collected"; exit 1; }; exit $$rc

# Every benchmark (bench/, results under bench/results/); PostgreSQL at BENCH_PG. Long: minutes
# each. `make test` runs their smoke tests (tests/**/test_*bench*.py) at the smallest size.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432/postgres
BENCH_SCALE ?= M
bench: setup
	$(BIN)/python -m bench --skip-die
	$(BIN)/python -m bench --skip-die --postgres $(BENCH_PG)
	$(BIN)/python -m bench.statistics --postgres $(BENCH_PG)
	@# the demo's data for the page and load benchmarks (copied by them, never written)
	[ -f var/bench/demo/bangfu.sqlite3 ] || BANGFU_VAR_DIR=var/bench/demo $(BIN)/bangfu setup_demo
	$(BIN)/python -m bench.pages --var var/bench/demo
	$(BIN)/python -m bench.load --var var/bench/demo --clients 50 --seconds 60
	$(BIN)/python -m bench.load --var var/bench/demo --clients 50 --seconds 60 --think 2,8
	$(BIN)/python -m bench.generate --scale $(BENCH_SCALE) --postgres $(BENCH_PG)
	$(BIN)/python -m bench.load --env-file var/bench/province-$(BENCH_SCALE).env --clients 50 --seconds 60
	$(BIN)/python -m bench.load --env-file var/bench/province-$(BENCH_SCALE).env --clients 50 --seconds 60 --think 2,8
	$(BIN)/python -m bench.lists
	$(BIN)/python -m bench.pairings --small 950 --large 40000

clean-db:
	rm -f var/bangfu.sqlite3 var/bangfu.sqlite3-wal var/bangfu.sqlite3-shm

lock:
	uv lock
