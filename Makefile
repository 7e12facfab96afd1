# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install lint bench clean

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
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check engine cli workflows tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench --quick

clean:
	rm -rf $(VENV) demo.db
