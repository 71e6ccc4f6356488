# Two commands do all the setup on a fresh Debian 12 machine, as root or not:
#   make demo   create .venv, install, migrate the SQLite database, load demo data, serve on :8000
#   make test   install what the tests need and run every test on SQLite and on a throwaway PostgreSQL
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_ENV := GONGKAI_DEBUG=true

# Debian packages: what PDFs (CJK fonts, harfbuzz subsetting), browser tests and PostgreSQL need.
DEMO_PACKAGES := fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0
TEST_PACKAGES := $(DEMO_PACKAGES) chromium poppler-utils postgresql wrk
# The benchmarks: wrk drives the portal load test (bench/portal_load.py).
BENCH_PACKAGES := wrk

.PHONY: demo test lint bench soak clean system-demo system-test system-bench install

demo: system-demo install
	$(DEMO_ENV) $(BIN)/gongkai migrate --no-input -v0
	$(DEMO_ENV) $(BIN)/gongkai load-demo
	@echo "打开 http://127.0.0.1:8000/ （公众门户）和 http://127.0.0.1:8000/staff/ （业务后台）"
	$(DEMO_ENV) $(BIN)/gongkai serve --bind 127.0.0.1:8000

test: system-test install
	bash scripts/run-tests.sh

lint: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools

bench: system-bench install
	$(BIN)/python bench/workdays_add.py
	$(BIN)/python bench/report_throughput.py
	$(BIN)/python bench/applications_queue.py
	$(BIN)/python bench/publications_search.py
	$(BIN)/python bench/credit_import.py
	$(BIN)/python bench/report_compile.py
	$(BIN)/python bench/portal_load.py --compare-uncached

# The ≥ 5-minute load and soak run against 2 gunicorn workers on PostgreSQL:
#   GONGKAI_DATABASE_URL=postgresql://user@127.0.0.1:5432/postgres make soak   (see bench/soak.py)
soak: system-test install
	$(BIN)/python bench/soak.py

system-demo:
	@bash scripts/ensure-debian-packages.sh $(DEMO_PACKAGES)

system-test:
	@bash scripts/ensure-debian-packages.sh $(TEST_PACKAGES)

system-bench:
	@bash scripts/ensure-debian-packages.sh $(BENCH_PACKAGES)

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "需要 Python 3.11 或更高版本"; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { bash scripts/ensure-debian-packages.sh python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $(STAMP)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
