"""The reporting pages' template tags."""
