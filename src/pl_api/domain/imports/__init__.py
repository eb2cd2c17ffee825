"""Imports: OneRoster CSV sets (1.1 and 1.2), read as streams, mapped onto schools, staff, teams and terms."""
