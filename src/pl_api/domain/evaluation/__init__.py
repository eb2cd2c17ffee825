"""Evaluation: plans by Guskey's five levels for an activity or a priority, and the follow-ups that record evidence."""
