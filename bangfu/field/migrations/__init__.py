"""Migrations of the field app."""
