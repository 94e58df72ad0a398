# The two commands a new clone needs: `make demo` and `make test`. `make check` is the full gate (and what CI runs).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := .demo/workspace.glossary
SHARED := ../shared
SEEDS := $(wildcard seeds/*)

.PHONY: install demo demo-workspace screenshots test check lint format clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

# The demo workspace is rebuilt only when the seeds change, so edits made in the UI survive a second `make demo`.
$(DEMO): $(SEEDS) $(BIN)/.installed
	rm -f $(DEMO) $(DEMO)-wal $(DEMO)-shm
	mkdir -p $(dir $(DEMO))
	$(BIN)/glossary --workspace $(DEMO) import seeds/*.txt
	$(BIN)/glossary --workspace $(DEMO) import seeds/*.tsv
	if [ -d $(SHARED)/corpora/unpc-devset-6way ]; then \
	  $(BIN)/glossary --workspace $(DEMO) import --parallel $(SHARED)/corpora/unpc-devset-6way/UNv1.0.devset.??; \
	fi
	$(BIN)/glossary --workspace $(DEMO) extract --top 50

demo-workspace: $(DEMO)

demo: $(DEMO)
	$(BIN)/glossary --workspace $(DEMO)

# The README's SVG screenshots, taken through Pilot on the demo workspace.
screenshots: $(DEMO)
	$(BIN)/python docs/screenshots.py --workspace $(DEMO) --out docs

test: $(BIN)/.installed
	$(BIN)/python -m pytest -q

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: lint test

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache
