"""The programme's forms made from the assistance records: attachments 6 and 7 as .xlsx.

Both are filed every 20 June and 21 December for a half-year period (`core.periods`) and a
scope — the programme, a county, a township or a helper — and computed from confirmed
records only: `statistics` (attachment 7), `progress` (attachment 6), their common `scope`
and `sheets` (the .xlsx layout).
"""
