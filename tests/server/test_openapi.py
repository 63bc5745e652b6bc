"""/openapi.json, from a real server: every operation names the error answer every route may
give (`{"error": {"code", "message"}}`) for each error status, 422 included (the server
answers a malformed body with its own error, never FastAPI's `detail` list), and the
payment's body, which the route reads itself, is named too."""

from __future__ import annotations

from typing import Any

import httpx

from tests.servers import ServerProcess

# What the server answers with its error body (server_stub/front.py, app.py's handlers).
ERROR_STATUSES = ["400", "401", "403", "404", "409", "413", "415", "422", "429", "503"]
ERROR_REF = "#/components/schemas/ErrorAnswer"


def _spec(server: ServerProcess) -> dict[str, Any]:
    answer = httpx.get(f"{server.url}/openapi.json", timeout=10)
    assert answer.status_code == 200
    spec: dict[str, Any] = answer.json()
    return spec


def test_every_operation_names_the_error_answer(sqlite_server: ServerProcess) -> None:
    spec = _spec(sqlite_server)
    operations = [(path, method, op) for path, ops in spec["paths"].items()
                  for method, op in ops.items()]
    assert len(operations) >= 30  # the whole API, not a part of it
    for path, method, op in operations:
        for status in ERROR_STATUSES:
            named = op["responses"].get(status)
            assert named is not None, (method, path, status)
            schema = named["content"]["application/json"]["schema"]
            assert schema == {"$ref": ERROR_REF}, (method, path, status, schema)
            assert named["description"]  # a reason phrase, e.g. "Unprocessable Entity"
    assert op["responses"]["422"]["description"] == "Unprocessable Entity"
    text = str(spec)
    assert "HTTPValidationError" not in text and "'detail'" not in text


def test_the_error_answer_and_the_payment_body_are_described(
    sqlite_server: ServerProcess,
) -> None:
    schemas = _spec(sqlite_server)["components"]["schemas"]
    error = schemas["ErrorAnswer"]
    assert error["required"] == ["error"]
    body = schemas[error["properties"]["error"]["$ref"].rsplit("/", 1)[1]]
    assert {"code", "message"} <= set(body["properties"])
    pay = schemas["PaymentRequest"]
    assert {"amount", "currency"} <= set(pay["properties"])
