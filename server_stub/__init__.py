"""The settlement server: HTTP API, grant rules, double-entry ledger, SQLite or PostgreSQL."""
