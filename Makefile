# Two commands for a newcomer: `make demo` and `make test`. Each sets up .venv itself.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT := false

.PHONY: demo test lint check venv clean distclean bench bench-national

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check uv
	$(BIN)/uv pip install -q --python $(BIN)/python --compile-bytecode -r requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --compile-bytecode --no-deps -e .
	# the package's own bytecode too (an editable install has none, and PYTHONDONTWRITEBYTECODE=1 machines would
	# compile ~100 modules on every start: ~30 ms of `spbe status`); a changed source simply recompiles in memory
	$(BIN)/python -m compileall -q spbe_actions
	touch $(STAMP)

# Each run starts from an empty demo-output/ (two runs never mix their mails, chat posts and figures).
demo: $(STAMP)
	rm -rf demo-output
	$(BIN)/spbe demo --out demo-output

test: $(STAMP)
	$(MAKE) --no-print-directory check
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

# Scale benchmark (issue #8): city + province on SQLite and PostgreSQL, a few minutes; figures in bench/results/.
bench: $(STAMP)
	$(BIN)/python bench/run.py --sizes city,province --markdown

# Opt-in: 600 instansi x 30 OPDs (~7x10^5 occurrences a year); tens of minutes per backend.
bench-national: $(STAMP)
	$(BIN)/python bench/run.py --sizes national --markdown

# Style, formatting, the layer contracts (import-linter) and types (mypy): part of `make test` too.
lint: $(STAMP)
	$(MAKE) --no-print-directory check

check:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# Regenerate the pinned set after changing dependencies in pyproject.toml.
lock:
	$(BIN)/uv pip compile -q pyproject.toml --extra test -o requirements.lock

# `make clean` keeps .venv (a minute to rebuild); `make distclean` removes it too.
clean:
	rm -rf demo-output test-artifacts .pytest_cache .ruff_cache .mypy_cache

distclean: clean
	rm -rf $(VENV)
