"""Validation of resident ID numbers, unified social credit codes and mobile numbers.

One module per identifier (`resident_id`, `uscc`, `mobile`; region codes in `regions`), for
forms, the API and spreadsheet imports alike, so that all three accept and refuse the same
values with the same messages (the field validators of models and forms: `core.validators`).

* Resident ID number (公民身份号码, GB 11643-1999): 18 characters, ISO 7064 MOD 11-2 check
  character, a real date of birth, and a region prefix that exists or once existed. Numbers
  stay valid for life, so a prefix abolished since (平泉县 130823, now 平泉市 130881) is
  accepted whatever the date of birth: the prefix records where the number was issued, which
  says nothing about the year of birth.
* Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a
  31-character alphabet, MOD 31 check character.
* Mainland mobile number: 11 digits starting 13-19, with an optional +86 / 0086 / 86 prefix.

Each ``validate_*`` function returns the normalized value or raises
:class:`~django.core.exceptions.ValidationError` with a ``code`` and ``params`` holding at
least ``value`` (the value as given) and ``field`` (the field's label). The messages quote the
value in full: they are for the person who typed it. Do not log them (CONVENTIONS.md §6).

The region prefixes come from ``core/data/region_codes.csv``; its header and docs/DATA.md say
where the codes come from.
"""
