"""The `kinpay` command: seed, terminal add, code, check."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from kinpay import codes
from kinpay.client import Client, new_idempotency_key
from tests.servers import ServerProcess, run_kinpay, seed


def test_seed_twice_gives_a_usable_world_each_time(tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")
    proc = ServerProcess(db=db, log_path=tmp_path / "s.log").start()
    try:
        for _ in range(2):
            world = seed(db, tmp_path / "devices", proc.url)
            with Client(proc.url) as payer:
                payer.sign_in(world["payer"]["name"], world["payer"]["password"])
                [grant] = payer.grants()
                assert grant.id == world["grant"]["id"]
            code = run_kinpay("code", "--device", world["delegate"]["device"]).stdout.strip()
            with Client(proc.url, token=world["merchant"]["api_key"]) as term:
                payment, _ = term.pay(code, 100, "CNY", idempotency_key=new_idempotency_key())
            assert payment.status == "approved"
            assert payment.delegate is not None and payment.delegate.name == "lily"
    finally:
        proc.stop()
    assert run_kinpay("check", "--db", db).returncode == 0


def test_code_at_a_given_time_and_numeric(tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")
    world = json.loads(run_kinpay("seed", "--db", db, "--devices", str(tmp_path)).stdout)
    device = world["delegate"]["device"]
    at = run_kinpay("code", "--device", device, "--at", "1800000000").stdout.strip()
    assert codes.parse_code(at).step == 1800000000 // 30
    numeric = run_kinpay("code", "--device", device, "--numeric").stdout.strip()
    assert codes.looks_numeric(numeric) and len(numeric.split()) == 6
    bad = run_kinpay("code", "--device", str(tmp_path / "nope.json"), check=False)
    assert bad.returncode == 1 and "no device file" in bad.stderr


def test_terminal_add_prints_its_key_once(tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")
    out = run_kinpay("terminal", "add", "--db", db, "--merchant", "Kiosk", "--category", "books")
    created = json.loads(out.stdout)
    assert created["api_key"].startswith("kpt_") and len(created["terminal_id"]) == 32
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT key_hash FROM terminals").fetchone()[0]
    assert created["api_key"] not in stored


def test_terminal_add_refuses_what_would_let_a_shop_past_a_parents_block(
        tmp_path: Path) -> None:
    """An operator's typo decides what children may buy: "Alcohol" (capital) matched no
    parent's "alcohol", and a second till added as "food" silently turned a shop of
    another category into a food shop. Each is refused with the reason, nothing written;
    a category change takes --change-category."""
    db = str(tmp_path / "k.db")

    def add(*args: str) -> tuple[int, str]:
        done = run_kinpay("terminal", "add", "--db", db, *args, check=False)
        return done.returncode, done.stderr

    def shops() -> list[tuple[str, str, str]]:
        with sqlite3.connect(db) as conn:
            return sorted(conn.execute("SELECT name, category, currency FROM merchants"))

    assert add("--merchant", "Liquor Li", "--category", "alcohol")[0] == 0
    for args, reason in [
        (("--merchant", "Wine Wang", "--category", "Alcohol"), "--category 'Alcohol'"),
        (("--merchant", "Wine Wang", "--category", "beer & wine"), "one lower-case word"),
        (("--merchant", "   ", "--category", "grocery"), "--merchant"),
        (("--merchant", "x" * 65, "--category", "grocery"), "1 to 64"),
        (("--merchant", "Liquor Li", "--category", "grocery"),
         "Liquor Li is a alcohol shop, not grocery"),
        (("--merchant", "Liquor Li", "--category", "alcohol", "--currency", "JPY"),
         "Liquor Li takes CNY, not JPY"),
    ]:
        code, err = add(*args)
        assert code == 2 and reason in err and "nothing was registered" in err, (args, err)
    assert shops() == [("Liquor Li", "alcohol", "CNY")]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM terminals").fetchone()[0] == 1
    # Said in so many words, the change is made; a name is kept without its spaces.
    assert add("--merchant", " Liquor Li ", "--category", "grocery", "--change-category")[0] == 0
    assert shops() == [("Liquor Li", "grocery", "CNY")]
    # A category the wallet does not offer is taken (the API's parents may block it), noted.
    code, err = add("--merchant", "Sweet Su", "--category", "sweets")
    assert code == 0 and "'sweets' only by the API" in err


def test_check_finds_a_tampered_balance(tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")
    run_kinpay("seed", "--db", db, "--devices", str(tmp_path))
    assert run_kinpay("check", "--db", db).returncode == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE accounts SET balance = balance + 1 WHERE kind = 'payer'")
    bad = run_kinpay("check", "--db", db, check=False)
    assert bad.returncode == 1
    assert "sum to 1, not 0" in bad.stdout and "postings sum to" in bad.stdout


def test_check_of_a_missing_or_empty_database_says_so_and_creates_nothing(
    tmp_path: Path,
) -> None:
    # A shop owner's typo in the path: not a new, empty, "ok" ledger.
    typo = tmp_path / "kinpya.db"
    done = run_kinpay("check", "--db", str(typo), check=False)
    assert done.returncode == 2 and done.stdout == ""
    assert f"there is no database at {typo}" in done.stderr
    assert list(tmp_path.iterdir()) == []
    # A file that is no kinpay database (here empty): named, and left as it was.
    empty = tmp_path / "empty.db"
    empty.touch()
    done = run_kinpay("check", "--db", str(empty), "--json", check=False)
    assert done.returncode == 2 and done.stdout == ""
    assert "holds no kinpay ledger" in done.stderr
    assert empty.stat().st_size == 0 and sorted(p.name for p in tmp_path.iterdir()) == [
        "empty.db"]


def test_commands_on_a_shops_ledger_refuse_a_path_with_no_database(tmp_path: Path) -> None:
    typo = str(tmp_path / "kinpya.db")
    for args in (["terminal", "list"], ["terminal", "revoke", "t-1"],
                 ["terminal", "rotate", "t-1"], ["keys", "list"], ["keys", "rotate"],
                 ["fund", "--payer", "mum", "--amount", "10.00", "--reason", "pocket money"]):
        done = run_kinpay(*args, "--db", typo, check=False)
        assert done.returncode == 2, (args, done.stderr)
        assert f"there is no database at {typo}" in done.stderr, args
        assert done.stdout == "", args
    assert list(tmp_path.iterdir()) == []  # no database made, no key in one
    # Registering a shop's first till is what makes a new shop's database.
    made = run_kinpay("terminal", "add", "--db", typo, "--merchant", "New Shop",
                      "--category", "books")
    assert made.returncode == 0 and Path(typo).is_file()
    listed = json.loads(run_kinpay("terminal", "list", "--db", typo).stdout)["terminals"]
    assert [t["merchant"] for t in listed] == ["New Shop"]


def test_commands_on_a_file_that_is_no_database_say_so_without_a_traceback(
    tmp_path: Path,
) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("shopping list: milk, bread\n")
    for args in (["terminal", "list"], ["terminal", "add", "--merchant", "X", "--category",
                                        "books"], ["keys", "rotate"],
                 ["fund", "--payer", "mum", "--amount", "10.00", "--reason", "pocket money"]):
        done = run_kinpay(*args, "--db", str(junk), check=False)
        assert done.returncode == 2, (args, done.stderr)
        assert "can't open the database: file is not a database" in done.stderr, args
        assert "Traceback" not in done.stderr, args
    assert junk.read_text() == "shopping list: milk, bread\n"
