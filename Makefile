# One command for each thing a developer or a user needs.
#   make demo   create the environment, install crosscount, run it on examples/
#   make test   install what the tests need and run the whole suite
#   make lint   ruff and mypy (strict on the package)
#   make bench  throughput and agreement with public number-recognition suites
#   make compiled       a second environment, .venv-compiled, installed as users install it
#                       (pip install ., which compiles the recogniser, the claim readers and
#                       the records with mypyc; same code, the pipeline 1.3x as fast), where
#                       .venv is an editable install and so plain Python
#   make test-compiled  the whole suite against the compiled build

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
CC := $(VENV)/bin/crosscount
OUT ?= out
CVENV ?= .venv-compiled
CPY := $(CVENV)/bin/python
SOURCES := $(shell find src -name '*.py')

.PHONY: install test lint bench demo clean compiled test-compiled

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

test: install
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy

bench: install compiled
	$(PY) benchmarks/run.py

# The compiled build is installed (not editable) from the sources as they are, compiled or
# failing (CROSSCOUNT_COMPILE=1, where a user's install would fall back to plain Python); it
# is made again whenever a source file changes, so it never runs older code than src/. build/
# goes first: setuptools would otherwise pack the extension of a module setup.py no longer
# lists.
$(CVENV)/.installed: pyproject.toml setup.py $(SOURCES)
	$(PYTHON) -m venv $(CVENV)
	$(CPY) -m pip install --quiet --upgrade pip
	rm -rf build
	CROSSCOUNT_COMPILE=1 $(CPY) -m pip install --quiet '.[test]'
	touch $@

compiled: $(CVENV)/.installed

test-compiled: compiled
	$(CPY) -m pytest -q -p no:cacheprovider

demo: install
	@mkdir -p $(OUT)
	@rm -f $(OUT)/demo.db $(OUT)/demo.db-wal $(OUT)/demo.db-shm
	$(CC) ingest examples/articles --manifest examples/articles.jsonl --db $(OUT)/demo.db
	$(CC) export claims --db $(OUT)/demo.db --format jsonl -o $(OUT)/claims.jsonl
	$(CC) export claims --db $(OUT)/demo.db --format csv -o $(OUT)/claims.csv
	$(CC) claims --db $(OUT)/demo.db --limit 25
	$(CC) report --db $(OUT)/demo.db --out $(OUT)/site --quiet
	@echo
	@echo "Results: $(OUT)/demo.db (SQLite), $(OUT)/claims.jsonl, $(OUT)/claims.csv"
	@echo "A static report to open in a browser: $(OUT)/site/index.html"
	@echo "Look at them with: $(CC) claims --db $(OUT)/demo.db --limit 0, or $(CC) serve --db $(OUT)/demo.db"

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
