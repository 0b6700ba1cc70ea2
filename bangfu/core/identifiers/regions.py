"""Region codes (GB/T 2260 and the statistical division codes) that exist or once existed."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from bangfu.core.text import DIGITS

REGION_CODES_FILE = Path(__file__).resolve().parent.parent / "data" / "region_codes.csv"


@dataclass(frozen=True, slots=True)
class RegionPeriod:
    """One name a region code had, with the years it was in force (None = open-ended)."""

    code: str
    name: str
    start_year: int | None
    end_year: int | None


@cache
def region_table() -> dict[str, tuple[RegionPeriod, ...]]:
    """Every region code that exists or once existed, with its names over time.

    Loaded once from ``data/region_codes.csv`` (comment lines start with ``#``).
    """
    periods: dict[str, list[RegionPeriod]] = {}
    with REGION_CODES_FILE.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        for row in rows:
            code = row["code"]
            periods.setdefault(code, []).append(
                RegionPeriod(
                    code=code,
                    name=row["name"],
                    start_year=int(row["start_year"]) if row["start_year"] else None,
                    end_year=int(row["end_year"]) if row["end_year"] else None,
                )
            )
    return {code: tuple(items) for code, items in periods.items()}


# Codes of the 1980s that real ID numbers carry but the published tables may lack: "xxxx20"
# (the urban area of a prefecture-level city, 1980-1983), "xxxx01" (its districts taken
# together), "xxxx02" and "xxxx11" (first urban and first suburban district, 1984 scheme).
# They are accepted when the prefecture "xxxx00" itself is a known code.
_LEGACY_CITY_SUFFIXES = frozenset({"01", "02", "11", "20"})


@lru_cache(maxsize=1 << 12)  # the table is fixed; an import asks for the same codes
def is_known_region_code(code: str) -> bool:
    """True if the 6-digit ``code`` is, or once was, a region code (any year)."""
    if len(code) != 6 or not set(code) <= DIGITS:
        return False
    table = region_table()
    if code in table:
        return True
    return code[4:] in _LEGACY_CITY_SUFFIXES and code[2:4] != "00" and f"{code[:4]}00" in table


def region_name(code: str) -> str | None:
    """The most recent name of a region code (``"130823"`` -> ``"平泉县"``), or None."""
    periods = region_table().get(code)
    return periods[-1].name if periods else None
