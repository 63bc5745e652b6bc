"""The delegate's screens: pairing, the rotating code, purchases, ended."""
