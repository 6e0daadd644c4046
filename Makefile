# jixiao — two commands: `make run` (environment, warehouse, dashboard) and `make test`.
SHELL := /bin/bash
# uv from PATH, else the module the set-up step installs with pip.
UV = $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
DATA_DIR ?= data
INPUT ?=
SAMPLE_DIR ?= $(DATA_DIR)/sample_corpus
SAMPLE_DOCUMENTS ?= 30
PORT ?= 8501

.PHONY: setup system-packages browser sample refresh run test lint bench clean

# Bytecode is compiled once here: with PYTHONDONTWRITEBYTECODE set (or a read-only venv) every refresh, dbt run
# and test process would compile what it imports again (dbt alone: 5.4 CPU s instead of 2.7).
setup:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen --compile-bytecode

# Debian packages the tests use beyond Python: Chromium and CJK fonts (dashboard screenshots) and the
# PostgreSQL server (the dbt project's Postgres parity test). Those tests are skipped without them; needs root.
system-packages:
	@command -v chromium >/dev/null 2>&1 && fc-list :lang=zh | grep -q . && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk postgresql >/dev/null)

browser: system-packages

sample: setup
	@test -d $(SAMPLE_DIR) || $(UV) run jixiao sample --out $(SAMPLE_DIR) --documents $(SAMPLE_DOCUMENTS) --years 3

refresh: setup
ifdef INPUT
	$(UV) run jixiao refresh --input $(INPUT) --data-dir $(DATA_DIR)
else
	@$(MAKE) --no-print-directory sample
	$(UV) run jixiao refresh --input $(SAMPLE_DIR) --data-dir $(DATA_DIR)
endif

run: refresh
	$(UV) run jixiao dashboard --data-dir $(DATA_DIR) --port $(PORT)

test: setup
	$(UV) run pytest -q --durations=15

lint: setup
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run mypy
	@mkdir -p dbt_project/target
	JIXIAO_BUILD_DB=dbt_project/target/lint.duckdb $(UV) run sqlfluff lint dbt_project/models

bench: setup
	$(UV) run python -m bench.run

clean:
	rm -rf dbt_project/target dbt_project/logs .pytest_cache .ruff_cache
