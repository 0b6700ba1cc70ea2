"""The pairing part's scoped reads (selectors): pairings, coverage, relay candidates."""
