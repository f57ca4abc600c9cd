# `make run` installs and runs the helpline; `make test` installs and runs the tests.
# Debian/Ubuntu packages: espeak-ng speaks languages Twilio has no voice for
# (and renders speech offline, encoded to MP3 by lame), gettext's msgfmt checks the catalogs, and
# redis-server is the store the tests run every store test against (besides
# SQLite) and a deployment of more than one machine uses.
VENV := .venv
SYSTEM_PACKAGES := espeak-ng lame gettext redis-server
# The tests also open the listen pages in a real browser (Playwright drives Debian's chromium).
TEST_PACKAGES := chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test system install install-test audio bench

run: install
	$(VENV)/bin/helpline serve

test: install-test
	$(VENV)/bin/pytest

system:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	python3 -c "import ensurepip" 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi

$(VENV)/bin/python:
	python3 -m venv $(VENV)

install: system $(VENV)/bin/python
	$(VENV)/bin/pip install -q -e .

install-test: system $(VENV)/bin/python
	@missing=""; for p in $(TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi
	$(VENV)/bin/pip install -q -e '.[test]'

audio: install
	$(VENV)/bin/helpline audio build

# The load benchmark (not a test): the helpline under gunicorn against a bare
# Flask app, on SQLite and Redis. Needs wrk besides the test packages.
bench: install-test
	@dpkg -s wrk >/dev/null 2>&1 || { $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q wrk; }
	$(VENV)/bin/python bench/bench_server.py --ceiling
