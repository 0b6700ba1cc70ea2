"""Pages of the leading groups (attachment 3) and the demonstration villages (attachment 4)."""
