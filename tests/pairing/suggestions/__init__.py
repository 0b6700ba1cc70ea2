"""Tests of the pairing suggestions."""
