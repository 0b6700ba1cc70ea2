"""Reporting actions: set the calendar, review and submit a filing, send it back, accept it.

One function per action; each checks who may do it (`reporting.rules`), runs in one
transaction and is audited (the models are `BusinessModel`s; a filing is written once and
never changed). Accepting a half-yearly or yearly filing locks the county's half-year(s) of
assistance records (`assistance.services.period_lock`); the city office re-opens with a
reason.
"""
