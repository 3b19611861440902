# The two commands a new user needs: `make html` and `make test`.
# Both create .venv from pyproject.toml when it is missing or older than pyproject.toml.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM := /usr/bin/chromium

.PHONY: html gettext test lint bench clean venv browser

html: $(STAMP)
	$(BIN)/policydocs build

gettext: $(STAMP)
	$(BIN)/policydocs translate update

test: $(STAMP) browser
	$(BIN)/ruff check scripts tests
	$(BIN)/python -m pytest

# Figures, not pass/fail: search against stock Sphinx; build, preview and check at 50-5,000 documents.
# BENCH_ARGS passes options, e.g. make bench BENCH_ARGS="--part scale --sizes 50,500 --runs 3".
bench: $(STAMP) $(VENV)/.bench-installed browser
	$(BIN)/python scripts/bench $(BENCH_ARGS)

$(VENV)/.bench-installed: pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check scripts tests

venv: $(STAMP)

$(STAMP): pyproject.toml
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Browser tests drive Debian's Chromium through Playwright (no browser is ever downloaded);
# catalog tests run GNU msgfmt --check.
browser:
	@[ -x $(CHROMIUM) ] && command -v msgfmt >/dev/null || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium gettext; }

clean:
	rm -rf _build
