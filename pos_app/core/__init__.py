"""The terminal's Qt-free core: what a till decides, with no window in sight.

    sale.py ....... the amount typed or the basket of products, in minor units
    amounts.py .... an amount typed in a field or at the keys: one rule for its comma
    catalogue.py .. the products offered (a JSON file, bounded)
    settle.py ..... one sale sent to the server, and what to do when no answer comes
    offline.py .... the offline rules, the server's keys and revocation list, the queue
    store.py ...... the terminal's journal (SQLite): sales, refunds, what was seen
    acceptance.py . which code the terminal takes, and how far it vouches for it
    refunds.py .... the refund rule: its key is journalled before it is sent
    pin.py ........ the manager's PIN (hashing, lock-out)
    wedge.py ...... a keyboard-wedge scanner's keystrokes told from a person's
    errors.py ..... the terminal's exception tree (PosError)

import-linter (pyproject.toml) forbids PySide6 here: the window (pos_app.app and the
dialogs) only shows what this package decides.
"""
