# The two commands a new user needs: `make html` and `make test`.
# Both create .venv from requirements.lock (every package at an exact version, with its hashes)
# when .venv is missing or older than the lock or pyproject.toml. `make lock` refreshes the lock.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM := /usr/bin/chromium
# The tool that writes the lock, itself pinned so that a refresh is reproducible too.
PIP_TOOLS := pip-tools==7.6.2

.PHONY: html gettext test lint bench clean venv browser pdf-tools tools lock compiled

html: $(STAMP) pdf-tools compiled
	$(BIN)/policydocs build

gettext: $(STAMP) compiled
	$(BIN)/policydocs translate update

test: $(STAMP) browser pdf-tools tools compiled
	$(BIN)/ruff check scripts tests
	$(BIN)/python -m pytest

# Figures, not pass/fail: search against stock Sphinx; build, preview and check at 50-5,000 documents.
# BENCH_ARGS passes options, e.g. make bench BENCH_ARGS="--part scale --sizes 50,500 --runs 3".
bench: $(STAMP) browser pdf-tools compiled
	$(BIN)/python scripts/bench $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check scripts tests

venv: $(STAMP)

# The package's bytecode, written ahead: every `policydocs` process (and each one the tests start) would
# otherwise compile its ~110 modules again wherever PYTHONDONTWRITEBYTECODE is set (0.2-0.5 s a process).
# Only what changed since the last run is compiled again.
compiled: $(STAMP)
	@$(BIN)/python -m compileall -q scripts

# A stale .venv is made anew rather than upgraded in place, so that it holds exactly what the
# lock says and nothing left over from an earlier lock. Only wheels are installed, each checked
# against its hash; the project itself is installed editable, with no build dependency fetched.
$(STAMP): pyproject.toml $(LOCK)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps --only-binary :all: -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $(STAMP)

# Refresh the lock after changing the dependencies in pyproject.toml: resolves the whole tree for
# Python 3.11 with pip-tools, in a throwaway venv under _build/. Pins already in the lock are kept
# (a new dependency does not upgrade everything else); `make lock UPGRADE=1` takes newer releases.
lock:
	rm -rf _build/lock-venv
	$(PYTHON) -m venv _build/lock-venv
	_build/lock-venv/bin/python -m pip install --quiet "$(PIP_TOOLS)"
	# The installer and the build backend (pyproject.toml's build-system) are locked too.
	printf 'pip\nsetuptools>=68\n' > _build/lock-venv/installer.in
	CUSTOM_COMPILE_COMMAND="make lock" _build/lock-venv/bin/pip-compile --quiet $(if $(UPGRADE),--upgrade) \
		--extra test --extra bench --allow-unsafe --generate-hashes --strip-extras \
		--no-emit-index-url --no-emit-find-links --output-file $(LOCK) pyproject.toml _build/lock-venv/installer.in
	rm -rf _build/lock-venv

# Browser tests drive Debian's Chromium through Playwright (no browser is ever downloaded);
# catalog tests run GNU msgfmt --check.
browser:
	@[ -x $(CHROMIUM) ] && command -v msgfmt >/dev/null || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium gettext; }

# PDFs of the policy texts (policydocs.pdf_render): Debian's Chromium prints them with the IPAex
# fonts (Japanese, 14 MB) and Liberation (English); poppler-utils' pdftotext and pdffonts check
# them in the tests. Installed only when one is missing.
PDF_PACKAGES := chromium fonts-ipaexfont fonts-liberation poppler-utils
pdf-tools:
	@[ -x $(CHROMIUM) ] && [ -f /usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf ] && \
		[ -f /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf ] && command -v pdffonts >/dev/null || \
		{ $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES); }

# Accessibility and validity tests: the Nu HTML Checker (vnu.jar, pinned with its sha512 in
# tests/tools.lock, fetched once into _build/tools/) runs on Debian's Java; axe-core comes with
# the locked axe-playwright-python package. Nothing is fetched while the tests run.
tools: $(STAMP)
	@command -v java >/dev/null || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; }
	$(BIN)/python tests/tools.py

clean:
	rm -rf _build
