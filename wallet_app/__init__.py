"""The payer's and the delegate's app (PySide6): one app, two roles chosen at sign-in.

    kinpay wallet [--role payer|delegate] [--server URL] [--data DIR] [--fullscreen]

The payer grants spending money with limits, shows the pairing code, changes or revokes a
grant and watches live activity. The delegate's tablet pairs (making its own key pair)
and shows a rotating QR code that works offline.

Modules: `app` (window, sign-in flow), `cli`, `settings` (data folder, QSettings),
`settings_page` (sign-in and settings screens), `workers` (calls and the event stream off
the GUI thread), `qr`, `style`, `ui`, `awake`, `pairing`; `payer/` and `delegate/`;
`errors` (the wallet's exception tree, rooted in `WalletError`).

The data folder (`--data`, else `$KINPAY_WALLET_DATA`, else the platform's) is private
(0700) and holds `wallet.ini`, `device.json` and `session.json` (0600).

`--server URL` (or the address saved in Settings before sign-in) overrides the address a
tablet saved when it paired, and is written into its device file: a server that moved
(the demo restarted on another port) is followed, not lost. A paired tablet with a device
file opens on its code at once; it syncs once it has a session (sign in). Everything a
user or a server names (people, shops, messages) is shown as plain text. The payer's
"Top up (demo)" shows only when the server's `GET /v1/config` says `"demo_funding": true`.

current-code.json — for other processes (the demo)
--------------------------------------------------
While the delegate's code screen shows a code, the app keeps `current-code.json` in its
data folder up to date. It is rewritten atomically (a temporary file, then a rename; mode
0600) at every rotation — on time, and at once after a payment used the code — so a reader
sees the old file or the new one, never half of one:

    {"code": "KP1:...",          the QR's text, as a terminal sends it to the server
     "numeric": "1234...",       the 23-digit fallback, without spaces
     "step": 57830124,           the time step (unix_s // rotate_s)
     "counter": 0,               early rotations within the step
     "shown_at": 1734900000,     unix seconds when it went on screen
     "valid_until": 1734900060,  unix seconds from which a server refuses it
     "rotates_at": 1734900030}   unix seconds when the screen moves to the next code

The file is removed when the grant ends (revoked or expired) and no code is shown.
"""
