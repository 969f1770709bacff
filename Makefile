# dyad — the two commands a fresh machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# the CPU build of torch first: otherwise pip resolves torch with gigabytes of CUDA
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/dyad extract data/sample --format table
	rm -f demo.duckdb
	$(BIN)/dyad ingest data/sample --db demo.duckdb
	$(BIN)/dyad stories --db demo.duckdb --format table
	$(BIN)/dyad report --db demo.duckdb --out demo-report.html

test: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/pytest

eval: $(STAMP)
	$(BIN)/dyad eval tests/gold/dyad-gold-a.jsonl tests/gold/dyad-gold-b.jsonl

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache demo.duckdb demo-report.html demo-report-charts

bench: $(STAMP)
	$(BIN)/python benchmarks/extract_vs_spacy.py
	$(BIN)/python benchmarks/store_scale.py
	$(BIN)/python benchmarks/api_latency.py
