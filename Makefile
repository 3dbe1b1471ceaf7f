# The README's two commands. Each works on a fresh machine: it makes .venv from nothing if needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE_DB ?= sqlite:///sample.sqlite

.PHONY: setup setup-test sample test eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install --quiet -e .

setup-test: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"

# The main job on the bundled sample: read every document, store it in SQLite, print a summary.
sample: setup
	$(BIN)/wirewatch ingest sample --db $(SAMPLE_DB)

test: setup-test
	$(BIN)/python -m pytest

eval: setup
	$(BIN)/wirewatch eval extract --data ../shared/data/trafilatura-eval --gate
	$(BIN)/wirewatch eval time --data ../shared/data/tempeval3/TBAQ-cleaned --gate
	$(BIN)/wirewatch eval actors --data ../shared/data/plover-gsr/dev.json --gate
	$(BIN)/wirewatch eval quotes --data ../shared/data/polnear/dev --gate
	$(BIN)/wirewatch eval events --data ../shared/data/plover-gsr/dev.json --gate

bench: setup
	$(BIN)/python benchmarks/read_speed.py --quick
	$(BIN)/python benchmarks/stage_share.py --pages 100
	$(BIN)/python benchmarks/throughput.py --quick
	$(BIN)/python benchmarks/scaling.py --quick
	$(BIN)/python benchmarks/memory.py --quick
	$(BIN)/python benchmarks/api_load.py --quick

clean:
	rm -rf $(VENV) sample.sqlite build *.egg-info
