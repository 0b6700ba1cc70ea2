"""Import and export of the registries in the county offices' spreadsheet layout.

One template per registry, Chinese headers: `villages` (village profiles) and `households`
(with their members); the columns are in `columns`, the cell vocabularies in `vocabulary`.
"""
