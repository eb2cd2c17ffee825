"""Who a bearer token speaks for: API keys, tokens pl-api signs itself, and tenants' own identity providers."""
