# kinpay: one command per task. Each sets itself up first (scripts/setup.sh).
SHELL := /bin/bash
PY := .venv/bin/python
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test check lint typecheck imports bench soak reliability-page setup setup-test lock clean

demo: setup            ## the store demo on one machine (no display: the scripted story)
	$(PY) -m kinpay demo $(DEMO_ARGS)

test: setup-test check  ## the whole suite
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

check: setup-test lint typecheck imports  ## ruff, mypy (strict on kinpay and server_stub), dependency direction

lint:
	.venv/bin/ruff check .

typecheck:
	.venv/bin/mypy kinpay server_stub

imports:
	.venv/bin/lint-imports

bench: setup           ## benchmarks, written to docs/benchmarks.md
	$(PY) -m bench $(BENCH_ARGS)

soak: setup-test       ## the long reliability runs, then docs/reliability.md from their figures
	QT_QPA_PLATFORM=offscreen KINPAY_SOAK=1 $(PY) -m pytest -m soak $(PYTEST_ARGS)
	$(PY) -m tests.reliability.page

reliability-page: setup-test  ## docs/reliability.md from the figures of runs where every test passed
	$(PY) -m tests.reliability.page $(FIGURES)

setup:
	@scripts/setup.sh app

setup-test:
	@scripts/setup.sh test

lock:                  ## record the dependency set that was tested
	$(PY) -m pip freeze --exclude-editable --exclude kinpay > requirements.lock

clean:
	rm -rf .venv kinpay-data demo-out
