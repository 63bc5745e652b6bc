# kinpay: one command per task. Each sets itself up first (scripts/setup.sh).
SHELL := /bin/bash
PY := .venv/bin/python
# Python keeps what it compiles (__pycache__, ignored by git), even where the environment
# says not to: without it every process the suite starts (its workers, every till, wallet,
# demo and server) compiled kinpay's modules again, about 0.6 s of CPU each.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: translations demo test check lint typecheck imports bench soak soak-demo reliability-page setup setup-test setup-soak lock clean

demo: setup            ## the store demo on one machine (no display: the scripted story)
	$(PY) -m kinpay demo $(DEMO_ARGS)

# The suite in TEST_JOBS worker processes (pytest-xdist; `make test TEST_JOBS=0` for one):
# one more than the cores, as the tests spend a quarter of their time waiting (for servers,
# timeouts, the network); on 2 cores 3 workers took 564 s where 2 took 600-616 s.
TEST_JOBS ?= $(shell echo $$(( $$(nproc) + 1 )))
test: setup-test check  ## the whole suite
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n $(TEST_JOBS) --dist worksteal $(PYTEST_ARGS)

check: setup-test lint typecheck imports  ## ruff, mypy --strict on every package, dependency direction

lint:
	.venv/bin/ruff check .

typecheck:
	.venv/bin/mypy kinpay kinpay_demo server_stub pos_app wallet_app

imports:
	.venv/bin/lint-imports

bench: setup           ## benchmarks, written to docs/benchmarks.md
	$(PY) -m bench $(BENCH_ARGS)

soak: setup-test soak-demo  ## the long reliability runs and the demo soak, then docs/reliability.md
	QT_QPA_PLATFORM=offscreen KINPAY_SOAK=1 $(PY) -m pytest -m soak $(PYTEST_ARGS)
	$(PY) -m tests.reliability.page

reliability-page: setup-test  ## docs/reliability.md from the figures of runs where every test passed
	$(PY) -m tests.reliability.page $(FIGURES)

# The whole demo under Xvfb, a sale every few seconds, for KINPAY_SOAK_MIN minutes (60 by
# default; e.g. `make soak-demo KINPAY_SOAK_MIN=5`); figures in kinpay-data/soak/soak.json.
KINPAY_SOAK_MIN ?= 60
soak-demo: setup-soak
	nice $(PY) -m bench.demo_soak --minutes $(KINPAY_SOAK_MIN) $(SOAK_ARGS)

# Re-reads every string the apps translate into assets/translations/*.ts: a new one appears
# there as unfinished (translate it with pyside6-linguist or by hand; tests/i18n fails while
# one is left); `make setup` (and so demo and test) builds the .qm files from them.
translations: setup
	.venv/bin/python -m scripts.translations update

setup:
	@scripts/setup.sh app

setup-test:
	@scripts/setup.sh test

setup-soak:
	@scripts/setup.sh soak

lock:                  ## record the dependency set that was tested
	$(PY) -m pip freeze --exclude-editable --exclude kinpay --exclude uv > requirements.lock

clean:
	rm -rf .venv kinpay-data demo-out
