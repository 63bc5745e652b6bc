"""The cashier's terminal (PySide6)."""
