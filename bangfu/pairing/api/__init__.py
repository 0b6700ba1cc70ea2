"""The pairing part's API (viewsets): one module per business object."""
