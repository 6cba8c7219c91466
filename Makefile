# `make run` and `make test` bootstrap everything on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
# One pytest worker per core (pytest-xdist); each worker has its own databases and ports.
PYTEST_ARGS ?= -n auto

.PHONY: run test lint bench migrate demo screenshot clean messages messages-extract messages-update messages-compile

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

# Every script in benchmarks/, one after another, each with its own defaults on a throw-away SQLite database (the
# figures and goals are in README.md, "Performance"; storm.py alone takes about three minutes). A script that exits
# non-zero (it failed; review.py and summary.py also when their goal is not met) does not stop the others: the
# target names them at the end and fails.
bench: $(DEV_STAMP)
	@failed=""; for script in benchmarks/*.py; do \
		echo "== $$script"; $(BIN)/python $$script || failed="$$failed $$script"; \
	done; \
	if [ -n "$$failed" ]; then echo "exited non-zero:$$failed"; exit 1; fi

# Refresh docs/sandbox.png (the README's picture) from the browser test.
screenshot: $(DEV_STAMP)
	CAMPAIGNBOT_SCREENSHOT=1 $(BIN)/python -m pytest tests/sandbox/test_browser.py -k "newcomer and sqlite"

# Translations: gettext .po catalogues per language; the bot reads the .po files itself (no build step), these
# targets are the translators' pybabel workflow. English is the source of keys (msgid = the key).
LOCALES := bot/kernel/i18n/locale
# Old dict catalogue modules (bot/kernel/i18n/en|zh/*.py) → .po, zh_Hant drafted by OpenCC s2twp for review.
messages: $(DEV_STAMP)
	$(BIN)/python tools/dicts_to_po.py
	$(MAKE) messages-update messages-compile

# The keys the code passes to t() literally, to compare with the English catalogue.
messages-extract: $(DEV_STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k t --no-location --sort-output -o $(LOCALES)/code-keys.pot .

# New English keys into the Chinese catalogues (empty, to translate; the test names them); keys gone from
# English become obsolete. The template is the English keys without their text (tools/dicts_to_po.py --template).
messages-update: $(DEV_STAMP)
	$(BIN)/python tools/dicts_to_po.py --template
	$(BIN)/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) -D messages -l zh_Hans \
		--no-fuzzy-matching --no-wrap
	$(BIN)/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) -D messages -l zh_Hant \
		--no-fuzzy-matching --no-wrap

# .mo files for other gettext tools and a syntax check with statistics; the bot itself does not need them.
messages-compile: $(DEV_STAMP)
	$(BIN)/pybabel compile -d $(LOCALES) -D messages --statistics

clean:
	rm -rf $(VENV) *.egg-info
