"""Issue 16: a PostgreSQL payment in two round trips (docs/scaling.md, "What one payment
costs").

- `kinpay_pay_read(...)` (PostgreSQL only): a QR payment's read phase in one call. In
  order, each its own statement, so each takes a new snapshot (a VOLATILE function under
  READ COMMITTED): the opening read (the terminal's key and shop, an earlier try with this
  Idempotency-Key, the terminal's lockout); stop there if that try exists (a replay); the
  device whose current certificate is the code's and that the server issued for it, and its
  grant, locked FOR NO KEY UPDATE; the grant's spend for the two periods asked, read after
  the lock is held (so it sees the spend of a payment it waited for); the code's two use
  keys inserted ON CONFLICT DO NOTHING. One JSON object back. It judges nothing: the
  grant's rules stay in Python (server_stub/payments.py).
- `kinpay_debited(n)` (PostgreSQL only): raises SQLSTATE KP402 when `n` is 0. A payment's
  close (its debit, the writes conditional on it, then COMMIT) ends with it, so a short
  balance fails the whole transaction and the writer runs the payment again the ordinary
  way (server_stub/writer.py).

SQLite: nothing changes (the revision only moves its version).
"""

from __future__ import annotations

from server_stub.migrations import ddl

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_PAY_READ = """
CREATE FUNCTION kinpay_pay_read(
    p_terminal TEXT, p_idem_key TEXT, p_throttle TEXT, p_cert TEXT, p_grant TEXT,
    p_public_key TEXT, p_day TEXT, p_month TEXT, p_use_suffix TEXT, p_cert_use TEXT,
    p_payment TEXT)
RETURNS json LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    opening json;
    dg record;
    spent_day BIGINT;
    spent_month BIGINT;
    device_use TEXT;
    uses INTEGER;
BEGIN
    SELECT to_json(o) INTO opening FROM (
        SELECT t.key_hash, t.revoked_at, t.merchant_id, m.name, m.category, m.currency,
               p.request_hash, p.response, th.locked_until
          FROM terminals t JOIN merchants m ON m.id = t.merchant_id
          LEFT JOIN payments p ON p.terminal_id = t.id AND p.idem_key = p_idem_key
          LEFT JOIN throttles th ON th.key = p_throttle
         WHERE t.id = p_terminal) o;
    IF opening ->> 'request_hash' IS NOT NULL THEN
        RETURN json_build_object('opening', opening);
    END IF;
    SELECT d.grant_id AS device_grant_id, d.retired_at AS device_retired_at,
           d.expires_at AS device_expires_at, d.device_no AS device_no_,
           d.public_key AS device_public_key, g.*
      INTO dg
      FROM devices d JOIN grants g ON g.id = d.grant_id
     WHERE d.cert_id = p_cert AND d.grant_id = p_grant AND d.public_key = p_public_key
       FOR NO KEY UPDATE OF g;
    IF NOT FOUND THEN
        RETURN json_build_object('opening', opening);
    END IF;
    SELECT COALESCE(SUM(s.amount) FILTER (WHERE s.period = p_day), 0),
           COALESCE(SUM(s.amount) FILTER (WHERE s.period = p_month), 0)
      INTO spent_day, spent_month
      FROM spend s WHERE s.grant_id = dg.id AND s.period IN (p_day, p_month);
    device_use := 'd' || dg.device_no_ || p_use_suffix;
    INSERT INTO code_uses (use_key, payment_id)
        VALUES (device_use, p_payment), (p_cert_use, p_payment)
        ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS uses = ROW_COUNT;
    RETURN json_build_object('opening', opening, 'grant', to_json(dg),
                             'spent', json_build_array(spent_day, spent_month),
                             'device_use', device_use, 'uses', uses);
END
$fn$
"""

_DEBITED = """
CREATE FUNCTION kinpay_debited(n BIGINT) RETURNS BIGINT LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
    IF n = 0 THEN
        RAISE EXCEPTION 'the account is short of money' USING ERRCODE = 'KP402';
    END IF;
    RETURN n;
END
$fn$
"""


def upgrade() -> None:
    ddl.run([], [_PAY_READ, _DEBITED])
