"""Issue 16: fewer rows a payment (docs/scaling.md, "What one payment costs").

- **One event row for a payment**, not one for its payer and one for its delegate, and
  without a copy of the payment's answer: `events.also_user_id` names the second user who
  sees the event (the delegate), `events.payment_id` the payment whose stored answer
  (`payments.response`, never changed once written) is the event's data, with what `data`
  adds to it (`{"kind": "payment"}`). A user's events are those under `user_id` and those
  under `also_user_id` (`events_also`, partial: only such rows). Events written before this
  revision (one row per user, their whole data in `data`) read as before.
- **One code-use row for a payment**: the device's key (`d<device>:<step>:<counter>`)
  alone, inserted only when no row holds the certificate's key for the same moment (what
  release 1 wrote; later releases wrote both keys). So a code used before an upgrade stays
  used, and a payment writes one row where it wrote two. On PostgreSQL
  `kinpay_pay_read` is replaced (same arguments; `uses` is now 1 for a first use).

Additive only: nothing written before is rewritten.
"""

from __future__ import annotations

from server_stub.migrations import ddl

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_EVENTS = [
    "ALTER TABLE events ADD COLUMN also_user_id TEXT",
    "ALTER TABLE events ADD COLUMN payment_id TEXT",
    "CREATE INDEX events_also ON events (also_user_id, id) WHERE also_user_id IS NOT NULL",
]

_PAY_READ = """
CREATE OR REPLACE FUNCTION kinpay_pay_read(
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
        SELECT device_use, p_payment
         WHERE NOT EXISTS (SELECT 1 FROM code_uses WHERE use_key = p_cert_use)
        ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS uses = ROW_COUNT;
    RETURN json_build_object('opening', opening, 'grant', to_json(dg),
                             'spent', json_build_array(spent_day, spent_month),
                             'device_use', device_use, 'uses', uses);
END
$fn$
"""


def upgrade() -> None:
    ddl.run(_EVENTS, [*_EVENTS, _PAY_READ])
