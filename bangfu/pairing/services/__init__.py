"""The pairing part's actions (services): one module per business object."""
