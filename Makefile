# `make run` and `make test` do all set-up: a virtual environment in .venv/ with the exact,
# hashed versions of requirements.lock, rebuilt when the lock file changes or the venv is broken.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
INPUT ?= seeds
OUT ?= outputs

.PHONY: run test lint typecheck unit bench lock clean score

run: $(STAMP)
	$(PY) -m pipeline run --input $(INPUT) --out $(OUT)

test: lint typecheck unit

lint: $(STAMP)
	$(PY) -m ruff check pipeline schemas tests scripts

typecheck: $(STAMP)
	$(PY) -m mypy

unit: $(STAMP)
	$(PY) -m pytest

$(STAMP): requirements-pip.lock requirements.lock pyproject.toml
	@$(PY) -c "" 2>/dev/null || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-pip.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

# Re-resolve requirements.in into requirements.lock (needs network; run by a maintainer, not by CI).
lock: $(STAMP)
	$(PY) -m pip install --quiet uv && $(VENV)/bin/uv pip compile --python-version 3.11 --generate-hashes \
		requirements.in -o requirements.lock

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache

# Run the pipeline on the evaluation sets beside this checkout (../shared/eval) into build/score/ and
# print the scorer's figures against the floors in tests/quality_floors.json (MISSES=N lists misses).
MISSES ?= 0
score: $(STAMP)
	$(PY) scripts/score.py --misses $(MISSES)
