"""Oversight: supervision visits, follow-ups, the annual evaluation and its outcomes."""
