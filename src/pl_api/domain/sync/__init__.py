"""Sync: MIS records keyed by ``(source, external_id)``, upserted in batches with an answer per record."""
