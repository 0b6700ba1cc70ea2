"""The dashboard's template tags."""
