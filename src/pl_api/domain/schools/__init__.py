"""Schools: URN, LAESTAB, name and phase; each belongs to a tenant."""
