"""The payer's and the delegate's app (PySide6)."""
