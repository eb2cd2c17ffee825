"""A staff member's portfolio for a performance-management meeting: the CPD record, arranged for the meeting."""
