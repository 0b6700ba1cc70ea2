"""Pages of the annual evaluation, one module per sub-topic."""
