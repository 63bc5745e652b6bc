"""The terminal's words for what the server and the core say in codes.

The server sends decline and error codes, not sentences for people (its `message` is for
logs); the core (pos_app.core, no Qt) decides offline with reason codes. Here each code
becomes what a cashier reads, in the terminal's language (Qt's translation, context
"Words"). An unknown code still reads as a sentence, never as a bare code.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject

from kinpay import l10n
from pos_app.core.errors import CommaError

translate = QCoreApplication.translate


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for translation in `context` where it is defined (a table read before
    the translator is installed); `translate(context, text)` where it is shown. Typed as
    str, unlike PySide6's (object)."""
    return text

# What a cashier reads for each decline: the reason, then what to do.
DECLINES: dict[str, tuple[str, str]] = {
    "code_invalid": (QT_TRANSLATE_NOOP("Words", "This is not a valid kinpay code."),
                     QT_TRANSLATE_NOOP("Words", "Ask them to show the code again.")),
    "code_expired": (QT_TRANSLATE_NOOP("Words", "The code has expired."),
                     QT_TRANSLATE_NOOP("Words", "Ask them to refresh the code.")),
    # The till's own: a typed numeric code the server doesn't know ("code_invalid"). Its
    # check digit was right, so it is most likely one the tablet showed a while ago: the
    # server can't tell an expired one from a wrong one, and neither can the till.
    "numeric_invalid": (QT_TRANSLATE_NOOP("Words", "The typed code has expired or is wrong."),
                        QT_TRANSLATE_NOOP("Words", "Type the code the tablet shows now.")),
    "code_used": (QT_TRANSLATE_NOOP("Words", "This code was already used."),
                  QT_TRANSLATE_NOOP("Words", "Ask them to wait for the next code.")),
    "grant_revoked": (QT_TRANSLATE_NOOP("Words", "The parent has stopped this allowance."),
                      QT_TRANSLATE_NOOP("Words", "Ask for another way to pay.")),
    "grant_expired": (QT_TRANSLATE_NOOP("Words", "The allowance has ended."),
                      QT_TRANSLATE_NOOP("Words", "Ask the parent to renew it.")),
    "limit_per_payment": (QT_TRANSLATE_NOOP("Words", "This is more than one payment may be."),
                          QT_TRANSLATE_NOOP("Words", "Try a smaller amount, or ask the parent.")),
    "limit_daily": (QT_TRANSLATE_NOOP("Words",
                                      "This is more than is left of today's allowance."),
                    QT_TRANSLATE_NOOP("Words", "Try a smaller amount, or tomorrow.")),
    "limit_monthly": (QT_TRANSLATE_NOOP("Words",
                                        "This is more than is left of this month's allowance."),
                      QT_TRANSLATE_NOOP("Words", "Ask the parent.")),
    "insufficient_funds": (QT_TRANSLATE_NOOP("Words", "The parent's account is short of money."),
                           QT_TRANSLATE_NOOP("Words", "Ask the parent to top up.")),
    "category_blocked": (
        QT_TRANSLATE_NOOP("Words", "The parent doesn't allow buying this kind of thing."),
        QT_TRANSLATE_NOOP("Words", "Remove those items, or ask the parent.")),
    # The till's own: category_blocked where every blocked item is alcohol, tobacco or
    # gambling (core.settle.age_only). "The parent doesn't allow…" blamed the parent for the
    # law, and let the cashier think the child could pay in cash (live QA 36 §7).
    "category_age": (
        QT_TRANSLATE_NOOP("Words", "Alcohol, tobacco and gambling can't be sold to a child: "
                                   "not with the allowance, nor for cash or by card."),
        QT_TRANSLATE_NOOP("Words", "Take those items out of the sale.")),
    "outside_hours": (QT_TRANSLATE_NOOP("Words", "Spending isn't allowed at this time."),
                      QT_TRANSLATE_NOOP("Words", "Ask the parent.")),
    "currency_mismatch": (QT_TRANSLATE_NOOP("Words", "The allowance is in another currency."),
                          QT_TRANSLATE_NOOP("Words", "Charge in the right currency.")),
    "limit_offline": (QT_TRANSLATE_NOOP("Words", "Today's offline allowance is used up."),
                      QT_TRANSLATE_NOOP("Words", "Wait until the terminal is back online.")),
    # The terminal's own offline reasons (pos_app.core.offline).
    "age_restricted": (
        QT_TRANSLATE_NOOP("Words", "Offline this till takes no allowance payment for alcohol, "
                                   "tobacco or gambling, and this sale holds some: it can't "
                                   "check the parent's rules."),
        QT_TRANSLATE_NOOP("Words", "Take those items out of the sale, or ask for another way "
                                   "to pay.")),
    "age_restricted_shop": (
        QT_TRANSLATE_NOOP("Words", "Offline this till takes no allowance payment: the shop "
                                   "sells alcohol, tobacco or gambling, and the till can't "
                                   "check the parent's rules."),
        QT_TRANSLATE_NOOP("Words", "Ask for another way to pay, or wait until the terminal "
                                   "is online.")),
    "numeric_offline": (
        QT_TRANSLATE_NOOP("Words", "The terminal is offline and can't check a typed code."),
        QT_TRANSLATE_NOOP("Words", "Ask them to show the QR code to the camera.")),
    # The same on a till with no camera (live test 34 §8: it said "to the camera").
    "numeric_offline_scanner": (
        QT_TRANSLATE_NOOP("Words", "The terminal is offline and can't check a typed code."),
        QT_TRANSLATE_NOOP("Words", "Scan their QR code with the barcode scanner.")),
    "no_keys": (
        QT_TRANSLATE_NOOP("Words", "The terminal has never reached the server, so it can't "
                                   "check codes offline."),
        QT_TRANSLATE_NOOP("Words", "Ask for another way to pay.")),
    "revocations_stale": (
        QT_TRANSLATE_NOOP("Words", "No offline payments: this terminal's list of stopped "
                                   "allowances is too old to tell whether this one was stopped."),
        QT_TRANSLATE_NOOP("Words", "Ask for another way to pay, or wait until the terminal "
                                   "is online.")),
    "offline_cap": (
        QT_TRANSLATE_NOOP("Words", "While offline this allowance may pay at most {limit} at a "
                                   "time."),
        QT_TRANSLATE_NOOP("Words", "Try a smaller amount, or wait until the terminal is "
                                   "online.")),
    "floor_limit": (
        QT_TRANSLATE_NOOP("Words", "While offline this terminal takes at most {limit} per "
                                   "payment."),
        QT_TRANSLATE_NOOP("Words", "Try a smaller amount, or wait until the terminal is "
                                   "online.")),
    "offline_grant_cap": (
        QT_TRANSLATE_NOOP("Words", "This allowance has reached what this terminal takes "
                                   "offline until it is back online."),
        QT_TRANSLATE_NOOP("Words", "Ask for another way to pay, or wait for the connection.")),
    "offline_day_cap": (
        QT_TRANSLATE_NOOP("Words", "This allowance may pay at most {limit} offline in one day, "
                                   "and today's offline payments have reached it."),
        QT_TRANSLATE_NOOP("Words", "Ask for another way to pay, or wait until the terminal is "
                                   "online.")),
    # The server's last online answer for this allowance rules the sale out (core.heard):
    # not "a moment ago" (live QA 36 §3: it was minutes, and a refund, earlier).
    "heard_daily": (
        QT_TRANSLATE_NOOP("Words", "The server's last answer said that only {limit} is left "
                                   "of this allowance today, so the till can't take this "
                                   "offline."),
        QT_TRANSLATE_NOOP("Words", "Ask for another way to pay, or wait until the terminal is "
                                   "online.")),
    "heard_category": (
        QT_TRANSLATE_NOOP("Words", "The server's last answer today declined this kind of "
                                   "thing for this allowance: the parent has blocked it, so "
                                   "the till can't take it offline."),
        QT_TRANSLATE_NOOP("Words", "Take those items out of the sale, or ask for another way "
                                   "to pay.")),
    "heard_hours": (
        QT_TRANSLATE_NOOP("Words", "The server declined this allowance in the last 30 minutes "
                                   "because spending isn't allowed at this time, so for now the "
                                   "till takes none of its payments offline."),
        QT_TRANSLATE_NOOP("Words", "Ask for another way to pay, or wait until the terminal is "
                                   "online.")),
}
# What to do where the server did not offer to ask the parent (`askable` false: the goods
# are age-restricted, the basket was split, the allowance has ended…): "or ask the parent"
# stood beside a card with no Ask button.
NOT_ASKABLE_TODO: dict[str, str] = {
    "limit_per_payment": QT_TRANSLATE_NOOP("Words", "Try a smaller amount."),
    "category_blocked": QT_TRANSLATE_NOOP("Words", "Remove those items: the parent can't be "
                                                   "asked about them here."),
}
# The same, where the limit's amount is not known (a journal row read back for a receipt).
WITHOUT_LIMIT: dict[str, str] = {
    "offline_cap": QT_TRANSLATE_NOOP("Words", "While offline this allowance may not pay this "
                                              "much at a time."),
    "floor_limit": QT_TRANSLATE_NOOP("Words", "While offline this terminal doesn't take this "
                                              "much in one payment."),
    "offline_day_cap": QT_TRANSLATE_NOOP("Words", "This allowance has reached what it may pay "
                                                  "offline in one day."),
    "heard_daily": QT_TRANSLATE_NOOP("Words", "The server's last answer said that less than "
                                              "this is left of this allowance today."),
}
_DECLINED = (QT_TRANSLATE_NOOP("Words", "Declined."),
             QT_TRANSLATE_NOOP("Words", "Ask for another way to pay."))

# What the server's refusals (error codes) mean to a cashier.
ERRORS: dict[str, str] = {
    "unauthorized": QT_TRANSLATE_NOOP("Words", "The server doesn't know this terminal: check "
                                               "its API key in Settings."),
    "forbidden": QT_TRANSLATE_NOOP("Words", "This terminal may not do that."),
    "bad_key": QT_TRANSLATE_NOOP("Words", "The server doesn't know this terminal: check its "
                                          "API key in Settings."),
    "not_found": QT_TRANSLATE_NOOP("Words", "The server doesn't know that payment."),
    "offline_uploads_held": QT_TRANSLATE_NOOP(
        "Words", "The server holds this till's offline uploads for a few minutes: too many "
                 "of them had codes used already or were older than two days. Selling goes "
                 "on; the rest go up after."),
    "rate_limited": QT_TRANSLATE_NOOP("Words", "Too many requests: wait a moment and try "
                                               "again."),
    "busy": QT_TRANSLATE_NOOP("Words", "The server is busy: try again in a moment."),
    "unavailable": QT_TRANSLATE_NOOP("Words", "The server is busy: try again in a moment."),
    "internal": QT_TRANSLATE_NOOP("Words", "The server had a problem."),
    "not_refundable": QT_TRANSLATE_NOOP("Words", "This payment can't be refunded."),
    "refund_too_large": QT_TRANSLATE_NOOP("Words", "That is more than is left to refund."),
    "idempotency_conflict": QT_TRANSLATE_NOOP("Words", "This sale was already sent with other "
                                                       "details."),
    "conflict": QT_TRANSLATE_NOOP("Words", "This sale was already sent with other details."),
    "insufficient_funds": QT_TRANSLATE_NOOP("Words", "The parent's account is short of money."),
    # Not the server's: the till could not write the sale down, so it did not send it.
    "journal_unwritable": QT_TRANSLATE_NOOP(  # pos_app.core.settle.JOURNAL_UNWRITABLE
        "Words", "This till could not write the sale to its own records (its disk may be "
                 "full or read-only, or another till may be using its data folder), so the "
                 "sale was not sent."),
}
_REFUSED = QT_TRANSLATE_NOOP("Words", "The server refused the request.")


# Why the terminal itself won't take a code it read or was typed (kinpay's CodeError.kind,
# and the terminal's own refusals): the reason in the terminal's language. They were the
# parser's English words, in a Chinese sentence too.
REFUSALS: dict[str, str] = {
    "malformed": QT_TRANSLATE_NOOP("Words", "it is not a kinpay payment code."),
    "forged": QT_TRANSLATE_NOOP("Words", "its signature does not check out. Don't take it."),
    "expired": QT_TRANSLATE_NOOP("Words", "the code has expired. Ask them to refresh it."),
    "certificate_expired": QT_TRANSLATE_NOOP(
        "Words", "the tablet's pairing has expired. The parent pairs it again."),
    "future": QT_TRANSLATE_NOOP("Words", "the tablet's clock is ahead. Check its time."),
    "version": QT_TRANSLATE_NOOP(
        "Words", "it was made by an older app. The parent pairs the tablet again."),
    "numeric_typo": QT_TRANSLATE_NOOP("Words", "the numeric code has a typo. Check the digits."),
    "numeric_length": QT_TRANSLATE_NOOP(
        "Words", "a numeric code has 23 digits. Check the digits."),
    "unknown_key": QT_TRANSLATE_NOOP(
        "Words", "signed by a server key this terminal doesn't know: it can't be checked here."),
}
_UNREADABLE = QT_TRANSLATE_NOOP("Words", "it can't be read as a code.")


def refusal_text(kind: str) -> str:
    return translate("Words", REFUSALS.get(kind, _UNREADABLE))


def typed_decline(code: str | None, typed: bool) -> str | None:
    """The decline code as the till words it: a typed numeric code the server doesn't know
    ("code_invalid") is "numeric_invalid", on the result card, in today's list and on the
    receipt alike (they said "not a valid kinpay code" while the card said it had expired)."""
    return "numeric_invalid" if typed and code == "code_invalid" else code


def decline_parts(code: str | None, limit: str = "") -> tuple[str, str]:
    """(the reason, what to do) for a decline or offline reason code; `limit`: the
    formatted amount an offline limit's wording names."""
    reason, todo = DECLINES.get(code or "", _DECLINED)
    if not limit:
        reason = WITHOUT_LIMIT.get(code or "", reason)
    return translate("Words", reason).format(limit=limit), translate("Words", todo)


def decline_text(code: str | None, limit: str = "", *, askable: bool = True) -> str:
    """The reason and what to do; `askable` false: what to do without asking the parent."""
    reason, todo = decline_parts(code, limit)
    if not askable and code in NOT_ASKABLE_TODO:
        todo = translate("Words", NOT_ASKABLE_TODO[code])
    return translate("Words", "{reason} {todo}").format(reason=reason, todo=todo)


def heard_daily_text(said: str, taken: str, limit: str) -> str:
    """Why an offline sale is over what is left today, when this till took some of it
    offline since the server's answer: what the server said, and what the till took (live
    test 34 §14: "the server said only ¥6.00 is left" was the till's own sum)."""
    reason = translate("Words", "The server's last answer said that {said} was left of this "
                                "allowance today, and this till has taken {taken} of it "
                                "offline since: only {limit} is left, so the till can't take "
                                "this offline.").format(said=said, taken=taken, limit=limit)
    return translate("Words", "{reason} {todo}").format(
        reason=reason, todo=decline_parts("heard_daily", limit)[1])


def stale_text(fetched_s: int, max_age_s: int) -> str:
    """Why no offline payment: the list of stopped allowances is older than allowed."""
    hours = f"{max_age_s / 3600:g}"
    reason = (translate("Words", "No offline payments: this terminal's list of stopped "
                                 "allowances is from {since}, more than {hours} h ago, so it "
                                 "can't tell whether this one was stopped.")
              if fetched_s else
              translate("Words", "No offline payments: this terminal has never fetched the "
                                 "list of stopped allowances, so it can't tell whether this "
                                 "one was stopped."))
    since = l10n.format_datetime(fetched_s) if fetched_s else ""
    return translate("Words", "{reason} {todo}").format(
        reason=reason.format(since=since, hours=hours), todo=translate(
            "Words", "Ask for another way to pay, or wait until the terminal is online."))


def camera_problem(problem: str) -> tuple[str, str, str]:
    """(the status bar's text, its tooltip, the preview's message) for a camera's problem.
    The camera's own words (a device path, OpenCV's) are English: in another language the
    cashier reads the terminal's, and the detail stays in the tooltip for whoever fixes it."""
    full = translate("Camera", "Camera: {problem}").format(problem=problem)
    if l10n.language() == "en":
        return full, full, translate("Camera", "No camera picture.\n{problem}\n\nChoose "
                                               "another camera in Settings, or type the code "
                                               "below.").format(problem=problem)
    return (translate("Camera", "Camera: no picture"), full,
            translate("Camera", "No camera picture.\nChoose another camera in Settings, or "
                                "type the code below."))


def error_text(code: str | None) -> str:
    """A server refusal (an error code) in the cashier's words."""
    return translate("Words", ERRORS.get(code or "", _REFUSED))


# A Chinese sentence ends with its own full stop and the next follows with no space.
_CLOSED_BY = "。！？；：）」』"


def sentences(*parts: str) -> str:
    """Translated sentences one after another, as the language joins them: with a space
    in English, none after a Chinese full stop ("…上傳。離線時…", not "…上傳。 離線時…").
    Empty parts are left out."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and not (l10n.language().startswith("zh") and out[-1] in _CLOSED_BY):
            out += " "
        out += part
    return out


def tidy(text: str) -> str:
    """A text a translation put together (a template around a translated sentence): no
    space left after a Chinese full stop in a Chinese till."""
    if not l10n.language().startswith("zh"):
        return text
    for mark in _CLOSED_BY:
        while f"{mark} " in text:
            text = text.replace(f"{mark} ", mark)
    return text


BRACKETS = {"（": "）", "(": ")", "「": "」", "“": "”"}
NBSP = "\u00a0"  # a space no line breaks at
WORD_JOINER = "\u2060"  # no line break on either side; drawn as nothing


def unbroken(text: str) -> str:
    """`text` with no line break inside a bracket: its spaces made no-break and its
    characters joined (Chinese may break between any two). A headline broke as
    "零用錢已付 ¥39.50（共" / "¥39.90）" (live 33 §13); now it breaks before "（", if at all.
    Qt never breaks inside an amount ("¥1,234.56": the Unicode line-breaking rules)."""
    out: list[str] = []
    closing: list[str] = []  # the brackets open at this point, innermost last
    for ch in text:
        if closing and ch == closing[-1]:
            closing.pop()
        elif closing:
            ch = NBSP if ch == " " else ch
            if out and out[-1] not in BRACKETS:
                out.append(WORD_JOINER)
        if ch in BRACKETS:
            closing.append(BRACKETS[ch])
        out.append(ch)
    return "".join(out)


def comma_rule() -> str:
    """Why a typed amount with a comma is refused (pos_app.core.amounts): the same words at
    the sale's keys, in a refund and in Settings."""
    return translate("Amounts", "A comma only groups thousands, as in 1,500 or 1,500.25. "
                                "Decimals go after a point: 1.50.")


def amount_refused(error: Exception, usual: str) -> str:
    """What the cashier is told of a refused typed amount: the comma's rule for a comma
    (pos_app.core.errors.CommaError), else `usual`."""
    return comma_rule() if isinstance(error, CommaError) else usual


def plural(text: str, n: int) -> str:
    """English's plural where no translation file is loaded (a test's bare QApplication, a
    missing .qm): Qt then gives the source back, "(s)" and all."""
    return text.replace("(s)", "" if n == 1 else "s")


class Counts(QObject):
    """Numbers of things, with Qt's plural forms (`tr(text, "", n)`: "1 sale", "2 sales";
    the English forms come from kinpay_en.ts, which holds only these)."""

    def sales(self, n: int) -> str:
        return plural(self.tr("%n sale(s)", "", n), n)

    def approved(self, n: int) -> str:
        return plural(self.tr("%n approved", "", n), n)

    def offline_waiting(self, n: int) -> str:
        return plural(self.tr("%n offline payment(s)", "", n), n)


counts = Counts()
