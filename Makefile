# Two commands on a fresh machine: `make run` and `make test`. Each creates .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The fixed day the sample vault's committed pages are built with (README states it too).
SAMPLE_TODAY := 2026-11-20

.PHONY: run test lint golden preview clean

$(BIN)/journal-tools: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

## run: build the pages of sample_vault, then keep them current while its notes change (Ctrl-C stops)
run: $(BIN)/journal-tools
	$(BIN)/journal-tools watch sample_vault --today $(SAMPLE_TODAY)

## test: ruff, mypy --strict and the whole test suite
test: $(BIN)/journal-tools
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

## golden: regenerate sample_vault's committed pages (review the diff before committing)
golden: $(BIN)/journal-tools
	$(BIN)/pytest tests/test_golden.py --update-golden

## preview: PNG screenshots of the sample dashboard and a weekly page, charts drawn by Mermaid in Chromium,
## in .preview/ (needs `apt-get install chromium` and `npm install mermaid@11.4.1` in .preview/)
preview: $(BIN)/journal-tools
	$(BIN)/python -m tests.browser

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
