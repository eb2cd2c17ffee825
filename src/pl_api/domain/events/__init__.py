"""Events: the immutable record of every committed change, written in the same transaction (the outbox)."""
