"""The terminal's widgets. They show what the core decided and report what the cashier
did, by signals; no business rule lives here."""
