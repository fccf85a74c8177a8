# Two commands on a fresh machine: `make demo` and `make test`. Each creates .venv and installs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test check fmt bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("statesync needs Python >= 3.11") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The example shop into the embedded simulator (.statesync/): plan, apply, then plan again
# showing no changes. Run it twice: the second apply has nothing to do.
demo: $(STAMP)
	$(BIN)/statesync validate manifests/
	$(BIN)/statesync plan --no-color
	$(BIN)/statesync apply --auto-approve --no-color
	$(BIN)/statesync plan --no-color --detailed-exitcode

test: $(STAMP)
	$(BIN)/python -m pytest -q

check: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Each benchmark compares against a baseline measured in the same run (minutes, not for CI).
bench: $(STAMP)
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/plan.py
	$(BIN)/python benchmarks/simulator.py
	$(BIN)/python benchmarks/apply.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
