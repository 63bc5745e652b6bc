"""The payer's screens: home, grant form, pairing code, activity."""
