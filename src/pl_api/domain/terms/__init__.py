"""Terms: a tenant's academic years, terms, semesters and grading periods (from an MIS or OneRoster)."""
