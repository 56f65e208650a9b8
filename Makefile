# Two commands on a fresh machine: `make run` and `make test`. Each creates .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The fixed day the sample vault's committed pages are built with (README states it too).
SAMPLE_TODAY := 2026-11-20

MERMAID := browser/node_modules/mermaid/package.json

.PHONY: run test lint golden browser preview clean

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

$(MERMAID): browser/package.json browser/package-lock.json
	cd browser && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## browser: install Mermaid 11.4.1 as pinned in browser/package-lock.json (npm ci), for the browser check;
## Chromium comes from Debian (`apt-get install chromium`); .ci/run installs both
browser: $(MERMAID)

## preview: PNG screenshots of the sample dashboard and a weekly page, charts drawn by Mermaid in Chromium,
## in .preview/ (needs Debian's chromium)
preview: $(BIN)/journal-tools $(MERMAID)
	$(BIN)/python -m tests.browser

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis browser/node_modules
