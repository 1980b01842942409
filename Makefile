# The two commands of the README, and the development loop.
#   make demo   set up .venv (if needed) and run the main demo
#   make test   set up .venv (if needed) and run every test: lit, then pytest
# The install is editable: a C++ edit is rebuilt on the next import.

VENV ?= .venv
PYTHON := $(VENV)/bin/python
STAMP := $(VENV)/.tessera-installed
BUILD_DIR ?= build/editable

.PHONY: demo test install clean

demo: $(STAMP)
	$(PYTHON) examples/demo.py

# Importing tessera rebuilds what changed; lit then runs the build tree's tools.
test: $(STAMP)
	$(PYTHON) -c "import tessera"
	$(VENV)/bin/lit -sv $(BUILD_DIR)/tests/lit
	$(PYTHON) -m pytest

install: $(STAMP)

$(STAMP): pyproject.toml requirements-dev.txt
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q --upgrade pip
	$(PYTHON) -m pip install -q -r requirements-dev.txt
	$(PYTHON) -m pip install -q --no-build-isolation -Ceditable.rebuild=true \
	    -Cbuild-dir=$(BUILD_DIR) -e .
	touch $@

clean:
	rm -rf $(BUILD_DIR) $(STAMP)
