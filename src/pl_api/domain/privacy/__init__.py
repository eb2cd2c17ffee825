"""Data subject rights (UK GDPR): export everything held about a staff member, erase them, retention."""
