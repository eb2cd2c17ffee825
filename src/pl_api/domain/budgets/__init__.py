"""CPD budgets: what each school sets aside for professional learning in an academic year."""
