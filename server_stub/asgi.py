"""The app factory uvicorn imports (one per worker process); configured by environment."""

from __future__ import annotations

import os

from fastapi import FastAPI

from server_stub import limits, orphans, pay_folder
from server_stub.app import DEFAULT_CLIENT_RATE, create_app


def make_app() -> FastAPI:
    orphans.die_with_master()  # a worker of `--workers N`: not left serving alone
    return create_app(
        os.environ.get("KINPAY_DB", "kinpay-data/kinpay.db"),
        test_clock=os.environ.get("KINPAY_TEST_CLOCK") == "1",
        client_rate=os.environ.get("KINPAY_CLIENT_RATE", DEFAULT_CLIENT_RATE),
        demo=os.environ.get("KINPAY_DEMO") == "1",
        bind_host=os.environ.get("KINPAY_HOST", "127.0.0.1"),
        # Tests only: the differential test of the payment fast path, the flood test's table.
        fast_path=os.environ.get("KINPAY_FAST_PATH", "1") != "0",
        flood_max_keys=int(os.environ.get("KINPAY_FLOOD_MAX_KEYS", "100000")),
        test_fast_passwords=os.environ.get("KINPAY_TEST_FAST_PASSWORDS") == "1",
        pay_writer=os.environ.get(pay_folder.ENV) or None,
        sign_ups_per_hour=int(os.environ.get("KINPAY_SIGN_UPS_PER_HOUR")
                              or limits.SIGN_UPS_PER_HOUR),
    )
