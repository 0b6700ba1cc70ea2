"""Chinese for the monitoring part (merged into scripts/translations_zh.py's tables)."""

TRANSLATIONS: dict[str | tuple[str, str], str] = {}

PLURALS: dict[tuple[str, ...], str] = {}
