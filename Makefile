# `make run` and `make test` bootstrap everything on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
# One pytest worker per core (pytest-xdist); each worker has its own databases and ports.
PYTEST_ARGS ?= -n auto

.PHONY: run test lint bench migrate demo screenshot clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# `make run` installs only what the bot needs, so a newcomer sees the sandbox sooner; tests add the dev tools.
$(RUN_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(DEV_STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(DEV_STAMP)

run: $(RUN_STAMP)
	$(BIN)/campaignbot run

demo: $(RUN_STAMP)
	$(BIN)/campaignbot demo

migrate: $(RUN_STAMP)
	$(BIN)/campaignbot migrate

test: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .

bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/ack_latency.py

# Refresh docs/sandbox.png (the README's picture) from the browser test.
screenshot: $(DEV_STAMP)
	CAMPAIGNBOT_SCREENSHOT=1 $(BIN)/python -m pytest tests/sandbox/test_browser.py -k "newcomer and sqlite"

clean:
	rm -rf $(VENV) *.egg-info
