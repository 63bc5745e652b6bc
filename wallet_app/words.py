"""The wallet's words for what the server says in codes.

The server's error answers carry a stable code and a `message` for logs; a parent or a
child reads the code, worded here in the wallet's language (Qt's translation, context
"Words"). An unknown code still reads as a sentence, never as a bare code or English
server text.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QObject

from kinpay import schemas
from kinpay.names import one_line

translate = QCoreApplication.translate


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for translation in `context` where it is defined (a table read before
    the translator is installed); `translate(context, text)` where it is shown. Typed as
    str, unlike PySide6's (object)."""
    return text


def listing(names: list[str]) -> str:
    """Names of things in a row, with the language's own separator: "Bread, Milk" in
    English, "面包、牛奶" in Chinese (the English ", " stood between Chinese names). Each
    on one line of its own reading (kinpay.names.one_line: a shop's item names)."""
    return translate("Words", ", ").join(one_line(n) for n in names)


SHOWN_ITEMS = 5  # a purchase's items named on its line; the rest counted
# The most of one item's name a purchase's line shows: a shop's name for an item may be 120
# characters, five of them a paragraph of the shop's words in the family's activity.
SHOWN_NAME_CHARS = 40


def _short(name: str) -> str:
    return name if len(name) <= SHOWN_NAME_CHARS else name[:SHOWN_NAME_CHARS - 1] + "…"


def bought(names: list[str] | None, more: int = 0) -> str:
    """What a purchase was of, from its answer's `item_names` and `more_items`: "Bread,
    Milk", or "Bread, Milk, Eggs, Tea, Jam and 3 more"; empty when the till named none.
    A long name is cut at SHOWN_NAME_CHARS ("…")."""
    if not names:
        return ""
    text = listing([_short(n) for n in names[:SHOWN_ITEMS]])
    rest = max(0, len(names) - SHOWN_ITEMS) + max(0, more)
    if rest:
        text = translate("Words", "{items} and {count} more").format(items=text, count=rest)
    return text


ERRORS: dict[str, str] = {
    "bad_request": QT_TRANSLATE_NOOP("Words", "The server could not use that request."),
    "invalid_request": QT_TRANSLATE_NOOP("Words", "Some of what you entered can't be used. "
                                                  "Check it and try again."),
    "unauthorized": QT_TRANSLATE_NOOP("Words", "You are signed out. Sign in again."),
    "password_changed": QT_TRANSLATE_NOOP(
        "Words", "Your password was changed on another device, which signed you out here. "
                 "If it wasn't you, ask the kinpay operator to reset it: that signs everyone "
                 "out."),
    "signed_out_everywhere": QT_TRANSLATE_NOOP(
        "Words", "You were signed out everywhere, from another device. Sign in again."),
    "password_reset": QT_TRANSLATE_NOOP(
        "Words", "The kinpay operator reset your password. Sign in with the one they gave "
                 "you, then change it in Settings."),
    "signed_out_remotely": QT_TRANSLATE_NOOP(
        "Words", "This device was signed out from another device of your account. Sign in "
                 "again."),
    "too_many_sessions": QT_TRANSLATE_NOOP(
        "Words", "Your account signed in on more devices than kinpay keeps, so the one "
                 "unused the longest, this one, was signed out. Sign in again. If that many "
                 "sign-ins weren't yours, change your password."),
    "no_such_session": QT_TRANSLATE_NOOP("Words", "That device is already signed out."),
    "forbidden": QT_TRANSLATE_NOOP("Words", "This account may not do that."),
    "not_found": QT_TRANSLATE_NOOP("Words", "That is no longer there."),
    "rate_limited": QT_TRANSLATE_NOOP("Words", "Too many tries: wait a moment and try again."),
    "busy": QT_TRANSLATE_NOOP("Words", "The server is busy: try again in a moment."),
    "unavailable": QT_TRANSLATE_NOOP("Words", "The server is busy: try again in a moment."),
    "internal": QT_TRANSLATE_NOOP("Words", "The server had a problem. Try again later."),
    "bad_credentials": QT_TRANSLATE_NOOP("Words", "That name and password don't match. "
                                                  "Try again."),
    "name_taken": QT_TRANSLATE_NOOP("Words", "That name is taken. Sign in instead, or pick "
                                             "another name."),
    "conflict": QT_TRANSLATE_NOOP("Words", "That name is taken. Sign in instead, or pick "
                                           "another name."),
    "too_many_accounts": QT_TRANSLATE_NOOP(
        "Words", "As many new accounts as an hour allows were made from this network. Try "
                 "again in an hour, or sign in to an account you have."),
    "bad_timezone": QT_TRANSLATE_NOOP("Words", "The time zone is not one the server knows."),
    "no_such_delegate": QT_TRANSLATE_NOOP("Words", "There is no child's account with that "
                                                   "name. The child signs up first, on their "
                                                   "tablet."),
    "no_such_payer": QT_TRANSLATE_NOOP("Words", "There is no parent's account with that name."),
    "bad_expiry": QT_TRANSLATE_NOOP("Words", "The end date must be in the future."),
    "bad_cap": QT_TRANSLATE_NOOP("Words", "The offline amount can't be more than one payment "
                                          "may be."),
    "too_many_grants": QT_TRANSLATE_NOOP("Words", "This child already has as many "
                                                  "allowances running as kinpay allows. Stop "
                                                  "one before giving another."),
    "grant_inactive": QT_TRANSLATE_NOOP("Words", "This allowance is no longer active."),
    "grant_revoked": QT_TRANSLATE_NOOP("Words", "This allowance has been stopped."),
    "bad_pairing_code": QT_TRANSLATE_NOOP("Words", "That pairing code is not right. Check it "
                                                   "on the parent's screen."),
    "pairing_expired": QT_TRANSLATE_NOOP("Words", "That pairing code has expired. Ask for a "
                                                  "new one."),
    "bad_public_key": QT_TRANSLATE_NOOP("Words", "The tablet's key was refused. Try pairing "
                                                 "again."),
    "insufficient_funds": QT_TRANSLATE_NOOP("Words", "There is not enough money in the "
                                                     "account."),
    "top_up_too_large": QT_TRANSLATE_NOOP("Words", "That top-up is too large."),
    "fund_too_large": QT_TRANSLATE_NOOP("Words", "That amount is too large."),
    "too_large": QT_TRANSLATE_NOOP("Words", "That is too long."),
    "wrong_password": QT_TRANSLATE_NOOP("Words", "That is not your current password. "
                                                 "Nothing was changed."),
    "reauth_required": QT_TRANSLATE_NOOP("Words", "That needs your password. Nothing was "
                                                  "changed."),
}
_REFUSED = QT_TRANSLATE_NOOP("Words", "The server refused that. Try again.")


def error_text(code: str | None) -> str:
    """A server refusal (an error code) in the reader's words."""
    return translate("Words", ERRORS.get(code or "", _REFUSED))


# The kinds of things a shop sells (the server's category codes), as a parent reads them.
CATEGORIES: dict[str, str] = {
    "grocery": QT_TRANSLATE_NOOP("Categories", "Grocery"),
    "food": QT_TRANSLATE_NOOP("Categories", "Food"),
    "snacks": QT_TRANSLATE_NOOP("Categories", "Snacks"),
    "drinks": QT_TRANSLATE_NOOP("Categories", "Drinks"),
    "books": QT_TRANSLATE_NOOP("Categories", "Books"),
    "stationery": QT_TRANSLATE_NOOP("Categories", "Stationery"),
    "transport": QT_TRANSLATE_NOOP("Categories", "Transport"),
    "clothing": QT_TRANSLATE_NOOP("Categories", "Clothing"),
    "toys": QT_TRANSLATE_NOOP("Categories", "Toys"),
    "games": QT_TRANSLATE_NOOP("Categories", "Games"),
    "electronics": QT_TRANSLATE_NOOP("Categories", "Electronics"),
    "alcohol": QT_TRANSLATE_NOOP("Categories", "Alcohol"),
    "tobacco": QT_TRANSLATE_NOOP("Categories", "Tobacco"),
    "gambling": QT_TRANSLATE_NOOP("Categories", "Gambling"),
}


def category_name(code: str) -> str:
    """"Grocery" / "食品杂货" for "grocery"; an unknown code as it is."""
    return translate("Categories", CATEGORIES[code]) if code in CATEGORIES else code


def category_list(codes: list[str]) -> str:
    return translate("Words", ", ").join(category_name(c) for c in codes)


def failure_text(exc: Exception) -> str:
    """Why a request to the server failed, in the reader's words: the error code's wording,
    or what a network failure means. Never the server's own (English) message."""
    from kinpay.errors import ApiError, ServerUntrusted, TransportError

    if isinstance(exc, ApiError):
        return error_text(exc.code)
    if isinstance(exc, ServerUntrusted):
        return untrusted_text()
    if isinstance(exc, TransportError):
        return unreachable_text()
    return translate("Words", "Something went wrong. Try again.")


def untrusted_text() -> str:
    """A server that answered with a TLS certificate this device does not trust (another
    CA, another name): it is up, and waiting won't change it. It was said as "the server is
    down", which sent the parent off to wait."""
    return translate("Words", "This device doesn't trust the kinpay server's certificate, so "
                              "nothing was sent. Check the server's address in Settings, or "
                              "ask whoever runs the kinpay server for its CA.")


# A Chinese sentence ends with its own full stop and the next follows with no space.
_CLOSED_BY = "。！？；：）」』"


def unreachable_text(then: str = "") -> str:
    """The one wording of a request that reached no kinpay server, then `then` (translated:
    what to do next, "kinpay keeps trying."). It names both things it can be: "Check the
    network" was read on a network that worked, with the server down (live test 34 §14)."""
    said = translate("Words", "Can't reach the kinpay server. Either this device is off the "
                              "network, or the server is down. If other apps here can reach "
                              "the internet, it is the server: wait for its operator to "
                              "start it again.")
    if not then:
        return said
    return said + then if said.endswith(tuple(_CLOSED_BY)) else f"{said} {then}"


def home_failure_text(exc: Exception) -> str:
    """Why the parent's home can't be brought up to date; it tries again by itself."""
    from kinpay.errors import ServerUntrusted, TransportError

    if isinstance(exc, TransportError) and not isinstance(exc, ServerUntrusted):
        return unreachable_text(translate("Words", "kinpay keeps trying."))
    return failure_text(exc)


def plural(text: str, n: int) -> str:
    """English's plural where no translation file is loaded (a test's bare QApplication, a
    missing .qm): Qt then gives the source back, "(s)" and all."""
    return text.replace("(s)", "" if n == 1 else "s")


class Counts(QObject):
    """Numbers of things, with Qt's plural forms (`tr(text, "", n)`: "1 time window",
    "2 time windows"; the English forms come from kinpay_en.ts, which holds only these)."""

    def time_windows(self, n: int) -> str:
        return plural(self.tr("%n time window(s)", "", n), n)

    def minutes(self, n: int) -> str:
        return plural(self.tr("%n minute(s)", "", n), n)

    def payments(self, n: int) -> str:
        return plural(self.tr("%n payment(s)", "", n), n)


counts = Counts()


def days_text(days: list[int]) -> str:
    """Weekdays (0 = Monday) in the language's short names, a run of three or more as one:
    "Mon–Fri", "Sat, Sun", "Mon, Wed–Fri"."""
    def name(d: int) -> str:
        return QLocale().dayName(d + 1, QLocale.FormatType.ShortFormat)

    runs: list[list[int]] = []
    for d in sorted(set(days)):
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    parts: list[str] = []
    for run in runs:
        parts.extend([f"{name(run[0])}–{name(run[-1])}"] if len(run) >= 3
                     else [name(d) for d in run])
    return listing(parts)


def windows_text(windows: list[schemas.TimeWindow]) -> str:
    """When an allowance may be spent: "Mon–Fri 07:00–12:00; Sat, Sun 09:00–18:00"."""
    return translate("Words", "; ").join(
        translate("Words", "{days} {start}–{end}").format(
            days=days_text(list(w.days)), start=w.start, end=w.end) for w in windows)
