"""kinpay: money, the delegated code, wire schemas and the settlement client. No GUI, no server."""
