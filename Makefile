# billdesk — `make run` opens the app on the demo database, `make test` runs the tests.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test test-fast bench dist clean lint

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/system-deps.sh
	bash scripts/system-deps.sh
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

run: setup
	$(BIN)/billdesk

test: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m "not slow and not postgres" -x -q

lint: setup
	$(BIN)/lint-imports

bench: setup
	$(BIN)/python bench/run_all.py

dist: setup
	$(BIN)/python -m pip install -q -e '.[test,dist]'
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN billdesk.spec
	@du -sh dist/billdesk

clean:
	rm -rf build dist .pytest_cache
