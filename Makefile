# The two commands of the README's quick start, and the chores around them.
#   make run   - set up (once) and run the hall on SQLite with the demo hall: http://127.0.0.1:5000/
#   make test  - set up (once) and run the whole test suite
# Everything lands in .venv/; nothing is installed system-wide except, where possible, Chromium for the
# browser tests (see scripts/setup.sh).

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup run test test-fast lint format translations bench screenshots clean

$(BIN)/.installed: requirements.txt requirements-dev.txt requirements-fonts.txt vendor.json scripts/setup.sh
	PYTHON=$(PYTHON) scripts/setup.sh
	@touch $@

setup: $(BIN)/.installed

run: setup
	$(BIN)/python run.py $(ARGS)

test: setup
	$(BIN)/python -m pytest $(ARGS)

test-fast: setup
	$(BIN)/python -m pytest -m "not slow" $(ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract messages from the code, merge them into the Chinese catalogue, compile it.
translations: setup
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 --no-location \
		--sort-output -o hall/translations/messages.pot .
	$(BIN)/pybabel -q update -i hall/translations/messages.pot -d hall/translations --no-fuzzy-matching \
		--ignore-obsolete
	$(BIN)/pybabel -q compile -d hall/translations

bench: setup
	$(BIN)/python bench/run_all.py $(ARGS)

screenshots: setup
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) instance .pytest_cache hall/static/vendor artifacts
