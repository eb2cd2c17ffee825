"""Frameworks of effective teaching (the Teachers' Standards, a school's own) as trees of elements."""
