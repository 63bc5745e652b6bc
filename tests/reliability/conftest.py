"""Reliability tests: every module here is marked `soak` (so `make soak` selects them) and
also runs in `make test`, in its quick form (see kit.py). The figures they report are
printed, and the run marked passed or not, by the hooks in tests/conftest.py: those run in
the process that ends the session, also when pytest-xdist's workers ran the tests."""
