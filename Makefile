# The two commands (see README):
#   make demo   sample extracts -> load -> dbt build -> checks -> results
#   make test   the whole test suite (dbt unit + data tests, pytest, sqlfluff, ruff, mypy)
# Everything else is set up on demand: a missing .venv is created from requirements.lock.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements-bootstrap.txt requirements.lock pyproject.toml | sha1sum | cut -c1-12)
# uv trusts the system's certificate store, as pip does (needed behind a TLS-inspecting proxy).
UV := UV_NATIVE_TLS=1 $(BIN)/uv pip install --quiet --python $(BIN)/python

export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1
export GX_ANALYTICS_ENABLED := False
export DBT_PROFILES_DIR ?= $(CURDIR)/profiles
export PATH := $(CURDIR)/$(BIN):$(PATH)

# Two workers, one test file each at a time (module fixtures build once per file), the longest
# files first in the order conftest.py gives them (xdist's reorder would start them last). The
# sample warehouse is built once per run and copied to each worker (tests/python/conftest.py).
# PYTEST_WORKERS= runs everything in one process.
PYTEST_WORKERS ?= -n 2 --dist loadfile --no-loadscope-reorder

.PHONY: setup demo test test-dbt test-python lint format lock clean spark

$(STAMP): requirements-bootstrap.txt requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-bootstrap.txt
	$(UV) -r requirements.lock
	$(UV) --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

setup: $(STAMP)
	$(BIN)/dbt deps --quiet

demo: setup
	$(BIN)/roi demo

test: setup
	$(MAKE) --no-print-directory lint
	bash scripts/ensure_chromium.sh
	bash scripts/ensure_postgres.sh
	$(BIN)/python -m pytest tests/python -q -p no:cacheprovider --durations=15 $(PYTEST_WORKERS)

# The dbt templater opens the warehouse to compile: give it its own empty file so
# lint works on a fresh clone and never touches the demo's warehouse. Its own dbt target folder
# keeps its partial parse (target/partial_parse.msgpack) valid from one lint to the next: a dbt
# run against another warehouse path no longer forces the templater into a full parse.
LINT_DB := $(CURDIR)/.roi/lint/lint.duckdb
LINT_ENV := ROI_DUCKDB_PATH=$(LINT_DB) DBT_TARGET_PATH=$(CURDIR)/.roi/lint/target

lint: setup
	@mkdir -p $(dir $(LINT_DB))
	$(LINT_ENV) $(BIN)/sqlfluff lint models macros analyses tests --processes 2
	$(BIN)/ruff check python_helpers tests/python
	$(BIN)/ruff format --check python_helpers tests/python
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format python_helpers tests/python
	@mkdir -p $(dir $(LINT_DB))
	$(LINT_ENV) $(BIN)/sqlfluff fix models macros analyses tests --processes 2

# The whole dbt build on a local Apache Spark session, outside the test suite (docs/spark.md "Running on
# Spark"): its own .venv-spark from requirements-spark.txt, Java 17+, Spark on loopback only.
SPARK_SCALE ?= 0.2
spark: setup
	bash scripts/spark_build.sh --scale $(SPARK_SCALE)

lock:
	$(PYTHON) -m venv /tmp/roi-lock-venv
	/tmp/roi-lock-venv/bin/pip install --quiet -r requirements.txt
	/tmp/roi-lock-venv/bin/pip freeze > requirements.lock

clean:
	rm -rf .roi target dbt_packages logs
