# Two commands a newcomer needs (README "Quick start"):
#   make run   - set everything up and open a copy of the sample worksheet
#   make test  - set everything up and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lint bench package clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

# An untitled copy of the sample, as the welcome page opens it: saving asks
# where, so the tracked resources/sample/dprk-munitions.achw never changes.
run: $(VENV)/.installed
	packaging/system-deps.sh run
	$(BIN)/ach-workbench --sample

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: $(VENV)/.installed
	packaging/system-deps.sh test
	$(MAKE) lint
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

package: $(VENV)/.installed
	PYTHON=$(BIN)/python packaging/build.sh

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache packaging/build packaging/dist
