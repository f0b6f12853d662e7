# Two commands on a fresh machine with Python 3.11:
#   make demo   render the sample companies' reports into reports/
#   make test   run the test suite
# Both create (or reuse) .venv, install the pinned dependencies and the project, and
# install the Debian packages the charts and browser tests need when they are missing.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test setup system-deps clean lab

demo: setup
	$(BIN)/workbench batch data/samples --output reports

test: setup
	$(BIN)/ruff check workbench tests benchmarks scripts
	$(BIN)/ruff format --check workbench tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest

setup: $(STAMP) system-deps

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (Python 3.11 is required)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

# The consultant's workbench: JupyterLab on this machine only (127.0.0.1), allowed to run
# as root (containers), no browser opened; open the printed URL with its token.
lab: setup
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --no-browser $$([ "$$(id -u)" = 0 ] && echo --allow-root) \
		notebooks/workbench.ipynb

# A Chinese font for chart text, and Chromium for the browser tests (Debian packages).
system-deps:
	@sh scripts/system-deps.sh

clean:
	rm -rf $(VENV) reports
