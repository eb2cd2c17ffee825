"""A staff member's CPD record: what they attended, the totals, their goals and shared reflections."""
