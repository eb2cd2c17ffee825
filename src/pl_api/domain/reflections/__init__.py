"""Reflections: a staff member's journal, private unless they share it."""
