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

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -p no:randomly $(PYTEST_ARGS)
	$(BIN)/python -m pytest -p randomly $(PYTEST_ARGS) tests/unit -q

lint: $(STAMP)
	$(BIN)/ruff check engine cli workflows tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench --quick

clean:
	rm -rf $(VENV) demo.db
