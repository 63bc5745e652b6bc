"""Attack: a stranger signs up as a payer and tops up their own account, then spends it.
Bound: no API a payer, a delegate or a terminal can call creates money; only the operator's
`kinpay fund` does (a ledger transfer from the funding account, with its reason), and a
demo server (`kinpay server --demo`) is the only one with a top-up."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.security.conftest import balance_of, fund
from tests.server.helpers import check_ledger, user
from tests.servers import ServerProcess, run_kinpay


def test_a_payer_cannot_top_up_their_own_account(server: ServerProcess) -> None:
    stranger = user(server.url, "payer")
    headers = {"Authorization": f"Bearer {stranger.token}"}
    with httpx.Client(timeout=10) as http:
        answers = [
            http.post(f"{server.url}/v1/accounts/me/top-up", headers=headers,
                      json={"amount": 1_000_000_000, "currency": "CNY"})
            for _ in range(3)
        ]
        config = http.get(f"{server.url}/v1/config").json()
    assert [a.status_code for a in answers] == [404, 404, 404]
    assert balance_of(stranger) == 0
    assert config["demo_funding"] is False
    stranger.close()


def test_money_enters_by_the_operators_fund_command_only(server: ServerProcess) -> None:
    payer = user(server.url, "payer")
    name = payer.me().name
    result = fund(server.db, name, "100.00")
    assert result["amount"] == 10_000 and result["balance"] == 10_000
    assert balance_of(payer) == 10_000
    assert check_ledger(server.db)["ok"]
    # Refused: a delegate, an unknown payer, no reason, an amount that is not one.
    delegate = user(server.url, "delegate")
    for args in (["--payer", delegate.me().name, "--amount", "1", "--reason", "x"],
                 ["--payer", "nobody-at-all", "--amount", "1", "--reason", "x"],
                 ["--payer", name, "--amount", "1", "--reason", " "],
                 ["--payer", name, "--amount", "-5", "--reason", "x"],
                 ["--payer", name, "--amount", "1.005", "--reason", "x"],
                 ["--payer", name, "--amount", "99999999999", "--reason", "x"]):
        out = run_kinpay("fund", "--db", server.db, *args, check=False)
        assert out.returncode != 0, args
        assert "Traceback" not in out.stderr
    assert balance_of(payer) == 10_000
    payer.close()
    delegate.close()


def test_a_demo_server_offers_the_top_up_and_says_so(tmp_path: Path) -> None:
    demo = ServerProcess(db=str(tmp_path / "demo.db"), log_path=tmp_path / "s.log",
                         demo=True).start()
    try:
        payer = user(demo.url, "payer")
        assert httpx.get(f"{demo.url}/v1/config").json()["demo_funding"] is True
        account = payer.top_up(5_000, "CNY")
        assert [(b.currency, b.balance) for b in account.balances] == [("CNY", 5_000)]
        # Even in a demo, one top-up is bounded, and the message names the currency's format.
        r = httpx.post(f"{demo.url}/v1/accounts/me/top-up",
                       headers={"Authorization": f"Bearer {payer.token}"},
                       json={"amount": 10**13, "currency": "JPY"})
        assert r.status_code == 400
        assert "¥10,000,000" in r.json()["error"]["message"]
        payer.close()
    finally:
        demo.stop()
