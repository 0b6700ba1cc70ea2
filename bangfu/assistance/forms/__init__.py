"""The assistance part's forms: they parse; the services decide (every rule is checked there)."""
