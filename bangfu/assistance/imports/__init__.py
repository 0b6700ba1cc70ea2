"""Import and export of assistance records in the county offices' spreadsheet layout."""
