"""Wire schemas shared by the server and its clients (JSON over HTTP under /v1).

One family per entity, with bounds on every string and list. Amounts are integers of minor
units; times on the wire are UNIX seconds (`*_at`) so no client has to parse time zones.
Extra fields in requests are refused (422): a client can't slip in a balance or a role.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator, model_validator

from kinpay.money import MAX_MINOR, check_currency
from kinpay.names import breaks_a_line

Name = Annotated[str, Field(min_length=1, max_length=64)]
Password = Annotated[str, Field(min_length=8, max_length=128)]
Minor = Annotated[int, Field(strict=True, ge=0, le=MAX_MINOR)]
PositiveMinor = Annotated[int, Field(strict=True, gt=0, le=MAX_MINOR)]
# A shop's or an item's category: one lower-case word (what parents block). The one pattern:
# `kinpay terminal add` and the till's catalogue check a category by it too.
CATEGORY_PATTERN = r"^[a-z][a-z0-9_]{0,31}$"
Category = Annotated[str, Field(min_length=1, max_length=32, pattern=CATEGORY_PATTERN)]
Currency = Annotated[str, Field(min_length=3, max_length=3)]
Id = Annotated[str, Field(min_length=1, max_length=64)]
# UNIX seconds from 1970 to 2100: what a database column and a person's calendar both hold.
UNIX_TIME_MAX_S = 4_102_444_800  # 1 Jan 2100 00:00 UTC: the latest time the API takes
UnixTime = Annotated[int, Field(strict=True, ge=0, le=UNIX_TIME_MAX_S)]
# In the server's answers: whole numbers in the API's range (an answer beyond it is not
# what the API promises: the client's BadResponse, never a number a till's journal can't
# hold). Not strict, so a server building its answer from a dict validates it as before.
AnswerMinor = Annotated[int, Field(ge=0, le=MAX_MINOR)]
AnswerTime = Annotated[int, Field(ge=0, le=UNIX_TIME_MAX_S)]

DeclineCode = Literal[
    "code_invalid",
    "code_expired",
    "code_used",
    "grant_revoked",
    "grant_expired",
    "limit_per_payment",
    "limit_daily",
    "limit_monthly",
    "insufficient_funds",
    "category_blocked",
    "outside_hours",
    "currency_mismatch",
    "limit_offline",
]
DECLINE_CODES: tuple[str, ...] = get_args(DeclineCode)

# What a cashier and a parent read for each decline: the reason, then what to do.
DECLINE_TEXT: dict[str, tuple[str, str]] = {
    "code_invalid": ("This is not a valid kinpay code.", "Ask them to show the code again."),
    "code_expired": ("The code has expired.", "Ask them to refresh the code."),
    "code_used": ("This code was already used.", "Ask them to wait for the next code."),
    "grant_revoked": ("The parent has stopped this allowance.", "Ask for another way to pay."),
    "grant_expired": ("The allowance has ended.", "Ask the parent to renew it."),
    "limit_per_payment": (
        "This is more than one payment may be.",
        "Try a smaller amount, or ask the parent.",
    ),
    "limit_daily": (
        "This is more than is left of today's allowance.",
        "Try a smaller amount, or tomorrow.",
    ),
    "limit_monthly": ("This is more than is left of this month's allowance.", "Ask the parent."),
    "insufficient_funds": ("The parent's account is short of money.", "Ask the parent to top up."),
    "category_blocked": (
        "The parent doesn't allow buying this kind of thing.",
        "Remove those items, or ask the parent.",
    ),
    "outside_hours": ("Spending isn't allowed at this time.", "Ask the parent."),
    "currency_mismatch": ("The allowance is in another currency.", "Charge in the right currency."),
    "limit_offline": (
        "Today's offline allowance is used up.",
        "Wait until the terminal is back online.",
    ),
}


# Every error code the server answers with (`{"error": {"code": …, "message": …}}`), beside
# the decline codes: a declined payment is an answer, these are refusals of the request.
ErrorCode = Literal[
    # by HTTP status
    "bad_request",
    "unauthorized",
    "forbidden",
    "not_found",
    "method_not_allowed",
    "conflict",
    "too_large",
    "unsupported_media_type",
    "invalid_request",
    "rate_limited",
    "internal",
    "unavailable",
    "http_error",
    # the front door
    "too_deep",
    "bad_key",
    "idempotency_key_missing",
    "idempotency_conflict",
    # users, grants, devices
    "bad_credentials",
    "name_taken",
    "too_many_accounts",
    "offline_uploads_held",
    "bad_timezone",
    "no_such_delegate",
    "no_such_payer",
    "bad_expiry",
    "bad_cap",
    "too_many_grants",  # the delegate holds as many running allowances as it may
    "grant_inactive",
    "grant_revoked",
    "bad_pairing_code",
    "pairing_expired",
    "bad_public_key",
    "busy",
    # money
    "insufficient_funds",
    "not_refundable",
    "refund_too_large",
    "top_up_too_large",
    "fund_too_large",
    "bad_reason",
    # split baskets and partial approvals
    "rest_recorded",
    "nothing_due",
    "cannot_remove",
    # asking the payer at the till (issue 15 §1)
    "not_askable",
    "ask_too_late",
    "approval_pending",
    "approval_refused",
    "approval_expired",
    "approval_cancelled",
    "approval_used",
    "approval_mismatch",
    "approval_answered",
    # changing the password, or proving it again
    "wrong_password",
    "reauth_required",
    # why a session was ended elsewhere (401s of a session that no longer stands)
    "password_changed",
    "signed_out_everywhere",
    "password_reset",
    "signed_out_remotely",
    "too_many_sessions",  # the account signed in on more devices than it may hold
    # the account's list of signed-in devices
    "no_such_session",
]
ERROR_CODES: tuple[str, ...] = get_args(ErrorCode)


def decline_text(code: str | None) -> str:
    reason, todo = DECLINE_TEXT.get(code or "", ("Declined.", "Ask for another way to pay."))
    return f"{reason} {todo}"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Open(BaseModel):
    """Answers: clients ignore fields they don't know, so the server may add some."""

    model_config = ConfigDict(extra="ignore")


class ErrorBody(Open):
    code: str
    message: str


class ErrorAnswer(Open):
    error: ErrorBody


# --- users and sessions ----------------------------------------------------------------

Role = Literal["payer", "delegate"]


# Control, format (zero-width, direction overrides), surrogate, private-use and line or
# paragraph separators: characters a name shown on screen doesn't show.
_UNSEEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


class SignUp(Strict):
    name: Name
    password: Password
    role: Role
    timezone: Annotated[str, Field(max_length=64)] = "Asia/Shanghai"

    @field_validator("name")
    @classmethod
    def _a_name_that_reads_as_it_is(cls, name: str) -> str:
        """A new name shows what it is: no invisible or direction-changing characters (a
        zero-width space, a right-to-left override) and in the one Unicode form, so two
        accounts can't look alike by what can't be seen (spaces at its ends are stripped)."""
        if any(unicodedata.category(c) in _UNSEEN for c in name):
            raise ValueError("a name has no invisible or control characters")
        if unicodedata.normalize("NFC", name) != name:
            raise ValueError("a name is written in Unicode's composed form (NFC)")
        return name


DEVICE_NAME_MAX = 64


class SignIn(Strict):
    name: Name
    password: Annotated[str, Field(min_length=1, max_length=128)]
    # What the device calls itself ("mei-laptop · Ubuntu 24.04"), shown in the account's
    # list of signed-in devices (GET /v1/sessions): the device's own word, not proof.
    device: Annotated[str, Field(max_length=DEVICE_NAME_MAX)] = ""

    @field_validator("device")
    @classmethod
    def _a_device_name_that_shows(cls, device: str) -> str:
        """Shown as it is on the owner's screen: no invisible, control or direction
        characters (a right-to-left override could make one name read as another)."""
        if any(unicodedata.category(c) in _UNSEEN for c in device):
            raise ValueError("a device name has no invisible or control characters")
        return device


class PasswordChange(Strict):
    """The current password (checked, and throttled as a sign-in is) and the new one, which
    meets the rules of a sign-up's."""

    current_password: Annotated[str, Field(min_length=1, max_length=128)]
    new_password: Password


class Reauth(Strict):
    """The session's password again, before an act that adds spending power."""

    password: Annotated[str, Field(min_length=1, max_length=128)]


class User(Open):
    id: str
    name: str
    role: Role
    timezone: str


class Session(Open):
    token: str
    expires_at: int
    user: User


class SignedIn(Open):
    """One session of the account, in its list of signed-in devices. `device` is what the
    device called itself at sign-in (empty for sessions from before 2026-12-03, and for
    clients that don't say); `address` is where the sign-in came from, as the server saw
    it; `seen_at` is when it was last used, to within minutes
    (server_stub.devices.SEEN_EVERY_S)."""

    id: str
    device: str
    address: str
    started_at: int
    seen_at: int
    expires_at: int
    current: bool


class SignedInList(Open):
    """The asking session first, then the others, the most recently used first."""

    sessions: list[SignedIn]


# --- grants ----------------------------------------------------------------------------

# ASCII digits only: `\d` took any script's ("0\u0660:00"), which the rules read with int()
# and the payment rule compared as text, two different windows (security.md row 61).
_HHMM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$")


class TimeWindow(Strict):
    """Weekdays (0 = Monday) and a span of local time; `end` may be 24:00."""

    days: Annotated[
        list[Annotated[int, Field(strict=True, ge=0, le=6)]], Field(min_length=1, max_length=7)
    ]
    start: str = "00:00"
    end: str = "24:00"

    @field_validator("start", "end")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        if not _HHMM.match(value):
            raise ValueError("time must be HH:MM")
        return value

    @model_validator(mode="after")
    def _order(self) -> TimeWindow:
        if self.start >= self.end:
            raise ValueError("a window must start before it ends")
        return self


class Limits(Strict):
    per_payment: PositiveMinor
    daily: PositiveMinor
    monthly: PositiveMinor

    @model_validator(mode="after")
    def _order(self) -> Limits:
        if not self.per_payment <= self.daily <= self.monthly:
            raise ValueError("limits must satisfy per_payment ≤ daily ≤ monthly")
        return self


# The most a certificate's offline cap can say: it is 4 bytes in the certificate
# (kinpay/codes.py); a grant asking for more could never be paired (nor its cap lowered).
MAX_OFFLINE_CAP = 2**32 - 1


def _certificate_cap(value: int) -> int:
    if value > MAX_OFFLINE_CAP:
        raise ValueError(f"the offline cap is at most {MAX_OFFLINE_CAP} minor units")
    return value


class GrantRules(Strict):
    limits: Limits
    allowed_categories: Annotated[list[Category], Field(max_length=32)] | None = None
    blocked_categories: Annotated[list[Category], Field(max_length=32)] = []
    windows: Annotated[list[TimeWindow], Field(max_length=14)] = []
    timezone: Annotated[str, Field(max_length=64)] | None = None
    expires_at: UnixTime | None = None
    offline_cap: Minor = 0
    # When the allowance left today (or this month) is smaller than a sale, pay what is left
    # and let the till take the rest another way, if the till asks for it (EMV's partial).
    allow_partial: Annotated[bool, Field(strict=True)] = True


class GrantCreate(GrantRules):
    delegate: Name
    currency: Currency = "CNY"

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return check_currency(value)

    @field_validator("offline_cap")
    @classmethod
    def _cap(cls, value: int) -> int:
        return _certificate_cap(value)


class GrantChange(Strict):
    """Only what is given changes; it is in force from the next payment."""

    limits: Limits | None = None
    allowed_categories: Annotated[list[Category], Field(max_length=32)] | None = None
    clear_allowed_categories: bool = False
    blocked_categories: Annotated[list[Category], Field(max_length=32)] | None = None
    windows: Annotated[list[TimeWindow], Field(max_length=14)] | None = None
    expires_at: UnixTime | None = None
    offline_cap: Minor | None = None
    allow_partial: Annotated[bool | None, Field(strict=True)] = None

    @field_validator("offline_cap")
    @classmethod
    def _cap(cls, value: int | None) -> int | None:
        return None if value is None else _certificate_cap(value)


class Spending(Open):
    today: int
    month: int
    remaining_daily: int
    remaining_monthly: int


class Grant(Open):
    id: str
    payer: str
    delegate: str
    currency: str
    limits: Limits
    allowed_categories: list[str] | None
    blocked_categories: list[str]
    windows: list[TimeWindow]
    timezone: str
    expires_at: int | None
    offline_cap: int
    allow_partial: bool = True
    status: Literal["active", "revoked", "expired"]
    created_at: int
    spending: Spending
    paired: bool
    # When it was stopped or ran out (None while active): a parent's list of stopped
    # allowances shows the most recently ended first.
    ended_at: int | None = None
    # Until when the tablet's typed (numeric) code is switched off after wrong guesses at a
    # till (None: it works); the payer may turn it back on (POST .../numeric-unlock).
    numeric_locked_until: int | None = None


class GrantCreated(Grant):
    pairing_code: str
    pairing_expires_at: int


class Pairing(Open):
    pairing_code: str
    pairing_expires_at: int


class GrantList(Open):
    grants: list[Grant]


# --- devices ---------------------------------------------------------------------------


class PairRequest(Strict):
    pairing_code: Annotated[str, Field(min_length=4, max_length=64)]
    public_key: Annotated[str, Field(min_length=40, max_length=64)]  # base64 of 32 bytes


class ServerKey(Open):
    key_id: str  # hex
    public_key: str  # base64 raw Ed25519


class Paired(Open):
    certificate: str  # base64
    device_no: int
    otp_secret: str  # base64
    server_keys: list[ServerKey]
    grant: Grant


class CertificateAnswer(Open):
    """A device's current certificate (base64), fetched at sync: it changes when the payer
    lowers the offline cap."""

    certificate: str
    cert_id: str
    offline_cap: int
    valid_from: int
    # The typed code's secret sealed to the device's key (libsodium sealed box, X25519 of
    # the device's Ed25519 key): new after the server's OTP master was rotated. Optional:
    # an older server sends none.
    otp_secret_sealed: str | None = None


class KeyList(Open):
    keys: list[ServerKey]


class Health(Open):
    """GET /v1/health: the server is there, and its clock (a till judges codes by it)."""

    ok: bool
    now: StrictInt | None = None


class Revocations(Open):
    certificates: list[str]  # cert ids, hex
    as_of: int


# --- payments --------------------------------------------------------------------------


class Item(Strict):
    name: Annotated[str, Field(min_length=1, max_length=120)]
    quantity: Annotated[int, Field(strict=True, ge=1, le=10_000)] = 1
    unit_amount: Minor
    category: Category | None = None


TenderKind = Literal["cash", "card"]
MAX_TENDERS = 4


class Tender(Strict):
    """A part of the sale the till took another way (the code pays the rest)."""

    kind: TenderKind
    amount: PositiveMinor


def items_read_as_they_are(items: list[Item]) -> None:
    """An item's name, from a till's request, is one line that reads as it is: no line
    break, control or direction character (a shop wrote lines of its own onto the parent's
    question card with them; docs/security.md row 75). Checked on the requests only: an
    answer gives back what an older server took."""
    if any(breaks_a_line(i.name) for i in items):
        raise ValueError("an item's name is one line, without control or direction characters")


def items_add_up(items: list[Item], amount: int) -> None:
    """A basket, when there is one, is the sale: its items add up to the amount (online and
    offline alike: an offline item priced past the amount was stored, and the payment's
    answer, its `eligible_amount` above what an answer may hold, failed every read of the
    family's history; docs/security.md row 74)."""
    if items and sum(i.quantity * i.unit_amount for i in items) != amount:
        raise ValueError("items must add up to the amount")


class PaymentRequest(Strict):
    """`amount` is the whole sale (the items add up to it). `tenders` are parts the till
    already took another way; the code is asked for the rest. `partial` says this till
    can take an approval for less than it asked (a split basket, or what is left of the
    allowance) and collect the difference another way: a till that doesn't send it is
    never approved for less than it asked."""

    code: Annotated[str, Field(min_length=1, max_length=1024)]
    amount: PositiveMinor
    currency: Currency
    # Lists by factory: pydantic deep-copies a literal [] default on every request.
    items: Annotated[list[Item], Field(max_length=200, default_factory=list)]
    reference: Annotated[str, Field(max_length=128)] | None = None
    tenders: Annotated[list[Tender], Field(max_length=MAX_TENDERS, default_factory=list)]
    partial: Annotated[bool, Field(strict=True)] = False

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return check_currency(value)

    @model_validator(mode="after")
    def _items_add_up(self) -> PaymentRequest:
        items_read_as_they_are(self.items)
        items_add_up(self.items, self.amount)
        if sum(t.amount for t in self.tenders) >= self.amount:
            raise ValueError("the other tenders must leave a part for the code to pay")
        return self

    @property
    def code_part(self) -> int:
        """What the code is asked to pay: the sale less what the till took another way."""
        return self.amount - sum(t.amount for t in self.tenders)


class Party(Open):
    name: str


class Remaining(Open):
    daily: AnswerMinor
    monthly: AnswerMinor


PartialReason = Literal["category_blocked", "limit_daily", "limit_monthly"]
# A tender of a sale besides the code: taken in cash or by card, `due` while the till has
# not said how the rest was paid, `removed` for blocked items taken off the sale instead.
TenderState = Literal["cash", "card", "due", "removed"]


class TenderLine(Open):
    kind: TenderState
    amount: AnswerMinor


class Payment(Open):
    id: str
    status: Literal["approved", "declined"]
    decline_code: DeclineCode | None
    amount: AnswerMinor
    currency: str
    payer: Party | None
    delegate: Party | None
    remaining: Remaining | None
    created_at: AnswerTime
    # Beyond the contract: what history screens need.
    refunded: AnswerMinor = 0
    reference: str | None = None
    offline: bool = False
    grant_id: str | None = None
    terminal_id: str | None = None
    merchant: Party | None = None
    # Split baskets and partial approvals: `amount` is what the code paid (the ledger's
    # transfer); `sale_total` the whole sale; `requested` what the code was asked for when
    # it paid less, and `partial_reason` why; `tenders` the rest of the sale.
    sale_total: AnswerMinor | None = None
    requested: AnswerMinor | None = None
    partial_reason: PartialReason | None = None
    eligible_amount: AnswerMinor | None = None
    eligible_items: list[int] | None = None
    paid_for: list[str] | None = None
    left_out: list[str] | None = None  # the basket's items the code did not pay for
    # What the sale was of, when the till sent its items: the first names of the basket
    # (server_stub.tenders.ITEM_NAMES_MAX) and how many lines more.
    item_names: list[str] | None = None
    more_items: Annotated[int, Field(ge=0)] = 0
    tenders: list[TenderLine] = []
    other_refunded: AnswerMinor = 0

    @property
    def total(self) -> int:
        """The whole sale: the code's part and every other tender still on it."""
        return self.sale_total if self.sale_total is not None else self.amount

    def other(self, *kinds: str) -> int:
        """The sale's other tenders of these kinds (cash and card when none are named)."""
        wanted = kinds or ("cash", "card")
        return sum(t.amount for t in self.tenders if t.kind in wanted)
    # Issue 15 §1: a decline the payer could lift on the spot may be asked about
    # (POST /v1/approvals); a sale settled by the payer's "allow" names its approval.
    askable: bool = False
    approval_id: str | None = None


class PaymentList(Open):
    payments: list[Payment]


class RefundRequest(Strict):
    """`amount` goes back through the ledger to the payer (the code's part);
    `other_amount` is what the cashier gives back in cash or to the card (the sale's other
    tenders), recorded so each tender is refunded at most what it paid."""

    amount: Minor
    reason: Annotated[str, Field(max_length=200)] | None = None
    other_amount: Minor = 0

    @model_validator(mode="after")
    def _something(self) -> RefundRequest:
        if self.amount + self.other_amount <= 0:
            raise ValueError("a refund gives back more than nothing")
        return self


class RestRequest(Strict):
    """How the rest of a split or partial sale was paid, or that the blocked items were
    taken off the sale instead."""

    how: Literal["cash", "card", "removed"]


class Refund(Open):
    id: str
    payment_id: str
    amount: AnswerMinor
    currency: str
    created_at: AnswerTime
    payment: Payment
    other_amount: AnswerMinor = 0


class OfflinePayment(Strict):
    id: Annotated[str, Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
    code: Annotated[str, Field(min_length=1, max_length=1024)]
    amount: PositiveMinor
    currency: Currency
    accepted_at: UnixTime
    items: Annotated[list[Item], Field(max_length=200)] = []
    reference: Annotated[str, Field(max_length=128)] | None = None

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        """A currency the server knows, as online (a batch naming another is refused)."""
        return check_currency(value)

    @model_validator(mode="after")
    def _items_add_up(self) -> OfflinePayment:
        items_read_as_they_are(self.items)
        items_add_up(self.items, self.amount)
        return self


# The most a body carrying one basket may hold (a payment, or the completion of an approved
# one): the largest request the schema takes, written the longest way an encoder does. 200
# items of 120 letters, each escaped ("\\uXXXX", twelve bytes for a letter beyond the BMP)
# with the longest category and amounts: about 320 KB. At 64 KiB (the other routes' bound)
# a long Chinese basket, about 90 KB as UTF-8, was refused before it was read.
BASKET_MAX_BYTES = 512 * 1024

# The most one offline batch's body may hold: the server's limit, and what a till sizes its
# uploads by (50 payments of 200 items each would be about 2 MiB).
OFFLINE_BATCH_MAX_BYTES = 1024 * 1024


class OfflineBatch(Strict):
    payments: Annotated[list[OfflinePayment], Field(min_length=1, max_length=100)]


class OfflineBatchResult(Open):
    results: list[Payment]


# --- accounts and terminals ------------------------------------------------------------


class Balance(Open):
    currency: str
    balance: int


class Account(Open):
    owner: str
    kind: Literal["payer", "merchant", "delegate"]
    balances: list[Balance]


class TopUp(Strict):
    amount: PositiveMinor
    currency: Currency = "CNY"

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return check_currency(value)


class Terminal(Open):
    id: str
    merchant: str
    category: str
    currency: str


class Event(Open):
    id: int
    type: Literal["payment", "refund", "grant", "device", "approval", "account"]
    data: dict[str, object]
    created_at: int


# --- approvals: asking the payer at the till (issue 15 §1) ------------------------------

# The declines a payer can lift for one sale. Not the code's own problems, a stopped or
# ended allowance, the payer's funds, the currency or the offline caps.
AskableCode = Literal[
    "limit_per_payment", "limit_daily", "limit_monthly", "category_blocked", "outside_hours"
]
ASKABLE_CODES: tuple[str, ...] = get_args(AskableCode)
ApprovalStatus = Literal["pending", "allowed", "refused", "expired", "cancelled", "used"]
ASK_DEFAULT_S = 120
ASK_MIN_S = 30
ASK_MAX_S = 300


class AskRequest(Strict):
    """The terminal asks the payer about one of its own declined sales."""

    payment_id: Id
    expires_in_s: Annotated[int, Field(strict=True, ge=ASK_MIN_S, le=ASK_MAX_S)] = ASK_DEFAULT_S


class ApprovalReply(Strict):
    """The payer's answer: allow this sale once, or say no."""

    allow: Annotated[bool, Field(strict=True)]


class ApprovalComplete(Strict):
    """The sale the terminal settles under an allowed approval: it must be the very sale
    that was declined (amount, currency, items), sent with that sale's Idempotency-Key."""

    amount: PositiveMinor
    currency: Currency
    items: Annotated[list[Item], Field(max_length=200)] = []
    reference: Annotated[str, Field(max_length=128)] | None = None

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return check_currency(value)

    @model_validator(mode="after")
    def _items_read(self) -> ApprovalComplete:
        items_read_as_they_are(self.items)
        return self


class Need(Open):
    """What allowing the sale would take, per rule it broke. Amounts in minor units: for a
    limit, the limit, what was spent against it and how far this sale goes over it; for a
    category, the blocked categories in the basket. Apps word it (server sends no prose)."""

    rule: AskableCode
    limit: int | None = None
    spent: int | None = None
    over_by: int | None = None
    categories: list[str] = []


class Approval(Open):
    id: str
    payment_id: str
    status: ApprovalStatus
    reason: AskableCode
    needs: list[Need]
    amount: int
    currency: str
    items: list[Item]
    reference: str | None = None
    merchant: Party
    terminal_id: str
    payer: Party
    delegate: Party
    grant_id: str
    created_at: int
    expires_at: int
    answered_at: int | None = None
    completed_payment_id: str | None = None
    # A used approval's sale as it was settled: "approved", or "declined" with why (the
    # rules not lifted are judged again: the allowance stopped, short funds...).
    completed_status: Literal["approved", "declined"] | None = None
    completed_decline_code: str | None = None
    now: int  # the server's clock when answered: a countdown needs no synced clock


class ApprovalList(Open):
    approvals: list[Approval]
