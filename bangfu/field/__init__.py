"""Field capture on a phone: an installable offline app for four forms, and its sync endpoint."""
