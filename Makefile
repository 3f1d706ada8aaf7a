# Kundenpflege – two entry points: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,postgres]'
	@touch $(STAMP)

run: $(STAMP)
	@$(BIN)/python -m bot auto

test: $(STAMP)
	@$(BIN)/ruff check .
	@$(BIN)/python -m pytest

lint: $(STAMP)
	@$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

bench: $(STAMP)
	@$(BIN)/python -m bench.note_cpu

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
