"""A name typed in another case or width finds its account, and can't be another's.

The apps show names first letter up ("lily" as "Lily"), and a parent types what they see.
Found: the grant form's "Lily" was "no such child" for the child "lily"; at sign-in "Lily"
was a wrong password; and "ｌｉｌｙ" (full-width letters, what a Chinese input method types
in its full-width mode) was another name, which anyone could sign up to stand beside the
real child on a parent's screen. On SQLite "LÉA" could also be signed up beside "léa"
(its lower() folds ASCII letters only). Bound: one account per name key (Unicode's
compatibility form, case folded), on both engines; lookups that miss the exact name use
the key; the sign-in throttle counts every way of typing one name together.
"""

from __future__ import annotations

import secrets

import httpx

from kinpay import schemas
from tests.server.helpers import PASSWORD, user
from tests.servers import ServerProcess, run_kinpay


def _wide(text: str) -> str:
    """ASCII letters and digits as full-width forms (U+FF01–FF5E), "-" kept."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in text)


def sign_up(http: httpx.Client, url: str, name: str, role: str = "delegate") -> httpx.Response:
    return http.post(f"{url}/v1/users", json={"name": name, "password": PASSWORD,
                                               "role": role})


def sign_in(http: httpx.Client, url: str, name: str, password: str = PASSWORD) -> httpx.Response:
    return http.post(f"{url}/v1/sessions", json={"name": name, "password": password})


def test_a_name_in_another_case_or_width_is_the_same_account(server: ServerProcess) -> None:
    tag = secrets.token_hex(3)
    child, parent = f"lily-{tag}", f"mei-{tag}"
    with httpx.Client(timeout=30) as http:
        assert sign_up(http, server.url, child).status_code == 201
        assert sign_up(http, server.url, parent, "payer").status_code == 201
        # Nobody can sign up beside them in another case or width.
        for twin in (child.upper(), _wide(child), child.capitalize(), _wide(parent.upper())):
            r = sign_up(http, server.url, twin)
            assert (r.status_code, r.json()["error"]["code"]) == (409, "name_taken"), twin
        # Each way of typing the name signs in to the one account, stored as it was typed.
        for typed in (child, child.capitalize(), child.upper(), _wide(child)):
            r = sign_in(http, server.url, typed)
            assert r.status_code == 201, typed
            assert r.json()["user"]["name"] == child
        # The parent's form, as the parent read the child's name on screen: "Lily-…".
        token = sign_in(http, server.url, parent).json()["token"]
        r = http.post(f"{server.url}/v1/grants", headers={"Authorization": f"Bearer {token}"},
                      json={"delegate": child.capitalize(),
                            "limits": {"per_payment": 100, "daily": 100, "monthly": 100}})
        assert r.status_code == 201, r.text
        assert schemas.GrantCreated.model_validate(r.json()).delegate == child
    # The operator's commands find it too.
    funded = run_kinpay("fund", "--db", server.db, "--payer", parent.upper(), "--amount",
                        "1.00", "--reason", "test")
    assert '"payer"' in funded.stdout


def test_other_letters_fold_on_both_engines(server: ServerProcess) -> None:
    tag = secrets.token_hex(3)
    name = f"léa-zoë-{tag}"
    with httpx.Client(timeout=30) as http:
        assert sign_up(http, server.url, name).status_code == 201
        r = sign_up(http, server.url, name.upper())  # "LÉA-ZOË-…": taken on SQLite too
        assert (r.status_code, r.json()["error"]["code"]) == (409, "name_taken")
        assert sign_in(http, server.url, name.upper()).json()["user"]["name"] == name


def test_typing_a_name_another_way_gets_no_more_guesses(server: ServerProcess) -> None:
    name = f"kid-{secrets.token_hex(3)}"
    user(server.url, "delegate", name).close()
    ways = [name, name.upper(), _wide(name), name.capitalize(), _wide(name.upper())]
    with httpx.Client(timeout=30) as http:
        answers = [sign_in(http, server.url, ways[i % len(ways)], "wrong password").status_code
                   for i in range(12)]
        # docs/security.md row 9: 10 failures for one name lock it, however it is typed.
        assert answers == [401] * 10 + [429] * 2
        assert sign_in(http, server.url, _wide(name.upper())).status_code == 429
