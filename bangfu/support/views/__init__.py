"""Pages of the support owed to helpers: loans and receipts, tax benefits (one module each)."""
