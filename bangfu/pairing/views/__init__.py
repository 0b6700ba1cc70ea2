"""The pairing part's pages (views): one module per business object."""
