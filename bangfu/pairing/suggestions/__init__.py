"""Pairing suggestions: the assignment model (solver), the fit, the instance from the database."""
