# `make run` installs and runs the helpline; `make test` installs and runs the tests.
# Debian/Ubuntu packages: espeak-ng speaks languages Twilio has no voice for
# (and renders speech offline), gettext's msgfmt checks the catalogs.
VENV := .venv
SYSTEM_PACKAGES := espeak-ng gettext
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test system install install-test audio

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
	$(VENV)/bin/pip install -q -e '.[test]'

audio: install
	$(VENV)/bin/helpline audio build
