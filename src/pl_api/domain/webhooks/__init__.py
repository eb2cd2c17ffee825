"""Webhooks: the change feed pushed to subscribers, signed per the Standard Webhooks specification."""
