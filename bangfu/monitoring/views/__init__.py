"""Relapse-monitoring pages (views): the cases and the followed exits, the rigid expenses."""
