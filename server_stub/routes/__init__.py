"""The HTTP API's routers, one per resource; each route is a thin call into a service
module (grants, payments, history, accounts, auth, signin) that owns the SQL."""
