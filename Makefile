# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install lint bench clean browser screenshot messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f demo.db
	$(BIN)/etapp --db sqlite:///demo.db demo

# Every test, on SQLite and on the PostgreSQL server (ETAPP_TEST_PG_URL, default
# 127.0.0.1:5432/test); two workers, random order (pytest-randomly prints the seed).
test: $(STAMP) browser
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# Headless Debian chromium for the report's browser tests; installed only when missing
# and only where we are root with apt. Elsewhere those tests skip, saying why (never in CI).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium \
	      || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } \
	      || echo "chromium could not be installed: the browser tests will skip"; \
	  else echo "chromium is missing and needs root with apt: the browser tests will skip"; fi; }

# Re-make docs/report.png (the README's picture) with the browser test's own tooling.
screenshot: $(STAMP) browser
	ETAPP_WRITE_SCREENSHOT=1 $(BIN)/python -m pytest -q -p no:randomly \
	  tests/integration/test_report_browser.py

lint: $(STAMP)
	$(BIN)/ruff check engine cli workflows tests bench
	$(BIN)/mypy

# Re-extract the user-visible texts, merge them into the Swedish catalog and compile it.
# Translate what `msgstr ""` is left in the .po, then run it again (tests/unit/test_i18n.py
# fails while any text lacks its Swedish, or the .mo lags the .po).
LOCALE := engine/locale
messages: $(STAMP)
	$(BIN)/python -m cli.commands.index
	$(BIN)/pybabel -q extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 -k N_plural:1,2 --no-location \
	  --sort-output --omit-header -w 100 -o $(LOCALE)/etapp.pot .
	$(BIN)/pybabel -q update -i $(LOCALE)/etapp.pot -d $(LOCALE) -D etapp -l sv \
	  --no-fuzzy-matching --ignore-obsolete -w 100
	$(BIN)/pybabel -q compile -d $(LOCALE) -D etapp -l sv

bench: $(STAMP)
	$(BIN)/python -m bench --quick

clean:
	rm -rf $(VENV) demo.db
