"""Learning activities: what happened (or will), who took part, and what they thought of it."""
