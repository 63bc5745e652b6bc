"""The app factory uvicorn imports (one per worker process); configured by environment."""

from __future__ import annotations

import os

from fastapi import FastAPI

from server_stub.app import DEFAULT_CLIENT_RATE, create_app


def make_app() -> FastAPI:
    return create_app(
        os.environ.get("KINPAY_DB", "kinpay-data/kinpay.db"),
        test_clock=os.environ.get("KINPAY_TEST_CLOCK") == "1",
        client_rate=os.environ.get("KINPAY_CLIENT_RATE", DEFAULT_CLIENT_RATE),
    )
