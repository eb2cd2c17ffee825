"""Tenants (a trust or a standalone school) and the integration clients that call the API for them."""
