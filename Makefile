# Hémicycle — everyday commands. A new user runs `make demo` first.
#
#   make demo        install, build the demo data, serve it on http://127.0.0.1:8000/
#   make test        the whole test suite (browser journeys included when Chromium is there)
#   make lint        ruff (lint + format check) and mypy
#   make bench       benchmarks: PDF extraction, and pages at 1 and 10 mandatures of data
#   make install     create .venv from uv.lock (bootstraps uv itself if needed)
#   make clean       remove caches and test output (keeps .venv, .tools and instance/)
#   make distclean   clean, and remove .venv and .tools too
#
# Variables (command line or environment):
#   PYTHON=python3.12   interpreter used to bootstrap uv and to build .venv (UV_PYTHON wins)
#   PORT=8000           port of the demo server
#   DEMO_INSTANCE_DIR=… where the demo keeps its database (default instance/demo/, wiped by `make demo`)
#   PYTEST_ARGS="-k login -x"   extra pytest arguments for `make test`
#   BENCH_ARGS="--scales 1"     arguments for bench/pages.py (quick run: scale 1 only)
#   BENCH_DATABASE_URL=postgres://…   the database bench/pages.py flushes and fills (default SQLite)
#   DATABASE_URL=postgres://…   run the tests on PostgreSQL instead of SQLite (never the demo)

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_PYTHON ?= $(PYTHON)
UV_VERSION := 0.13.8
PORT ?= 8000
PYTEST_ARGS ?=

TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python

# uv uses the interpreter it is given, never one it downloads.
export UV_PYTHON_DOWNLOADS := never

# The demo lives in its own instance folder, so that rebuilding it never touches the
# database of a real installation in instance/.
# DATABASE_URL is removed: the demo always runs on its own SQLite file, so that a
# PostgreSQL database named in the environment is never wiped by `make demo`.
DEMO_INSTANCE_DIR ?= $(CURDIR)/instance/demo
DEMO_ENV := env -u DATABASE_URL HEMICYCLE_DEMO=1 DEBUG=1 HEMICYCLE_INSTANCE_DIR=$(DEMO_INSTANCE_DIR)
DEMO_PASSWORD := hemicycle-demo
DEMO_USERS := secretariat presidence bureau elu collaborateur partenaire observateur

# Bold headings on a terminal, plain ones in logs.
say = @if [ -t 1 ] && [ -z "$${NO_COLOR:-}" ]; then printf '\033[1m==> %s\033[0m\n' "$(1)"; \
	else printf '==> %s\n' "$(1)"; fi

.PHONY: help install demo test lint bench clean distclean

help:
	@sed -n '3,10p' $(firstword $(MAKEFILE_LIST)) | sed 's/^# \{0,1\}//'

$(UV):
	$(call say,Bootstrapping uv $(UV_VERSION) into $(TOOLS)/ with $(PYTHON))
	@$(PYTHON) -m venv $(TOOLS) \
		|| { echo "Could not create $(TOOLS)/: on Debian or Ubuntu, install python3-venv." >&2; exit 1; }
	@$(TOOLS)/bin/pip install -q --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV)
	$(call say,Installing dependencies from uv.lock into $(VENV)/)
	@$(UV) sync --frozen --quiet --python "$(UV_PYTHON)" \
		|| { echo "uv sync failed. If the Python is too old (3.11 or newer needed): PYTHON=python3.12 make $(MAKECMDGOALS)" >&2; exit 1; }

demo: install
	$(call say,Preparing the demo database)
	@$(DEMO_ENV) $(PY) manage.py migrate --noinput --verbosity 0
	$(call say,Building the demo data (rebuilt from scratch at every run))
	@$(DEMO_ENV) $(PY) manage.py seed_demo --reset --verbosity 0
	@echo
	@echo "  Hémicycle (démonstration) : http://127.0.0.1:$(PORT)/"
	@echo
	@echo "  Comptes de démonstration, mot de passe « $(DEMO_PASSWORD) » :"
	@for user in $(DEMO_USERS); do echo "    - $$user"; done
	@echo
	@echo "  Ctrl-C pour arrêter le serveur."
	@echo
	@$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(call say,Running the test suite on $(if $(DATABASE_URL),$(firstword $(subst ://, ,$(DATABASE_URL))),SQLite))
	@$(VENV)/bin/pytest $(PYTEST_ARGS)

# All three checks run, so one pass lists every problem; lint fails if any of them failed.
lint: install
	@status=0; \
	echo "==> ruff check"; $(VENV)/bin/ruff check . || status=1; \
	echo "==> ruff format --check"; $(VENV)/bin/ruff format --check . || status=1; \
	echo "==> mypy hemicycle config"; $(VENV)/bin/mypy hemicycle config || status=1; \
	if [ $$status != 0 ]; then echo "lint: FAILED (see above)" >&2; fi; \
	exit $$status

# Both benchmarks run even if the first misses its target; bench fails if either did.
# DATABASE_URL is not passed on: bench/pages.py flushes its database (see BENCH_DATABASE_URL).
bench: install
	@status=0; \
	echo "==> bench/pdf_extraction.py"; DJANGO_SETTINGS_MODULE=config.settings $(PY) bench/pdf_extraction.py || status=1; \
	echo "==> bench/pages.py $(BENCH_ARGS)"; env -u DATABASE_URL $(PY) bench/pages.py $(BENCH_ARGS) || status=1; \
	echo "==> bench/search.py"; env -u DATABASE_URL $(PY) bench/search.py || status=1; \
	if [ $$status != 0 ]; then echo "bench: a target was missed (see above)" >&2; fi; \
	exit $$status

clean:
	$(call say,Removing caches and test output)
	@rm -rf .pytest_cache .ruff_cache .mypy_cache test-results
	@find . -path ./$(VENV) -prune -o -path ./$(TOOLS) -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	$(call say,Removing $(VENV)/ and $(TOOLS)/)
	@rm -rf $(VENV) $(TOOLS)
