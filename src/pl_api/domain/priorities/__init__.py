"""School-improvement priorities for an academic year."""
