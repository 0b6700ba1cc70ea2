"""Chinese for the audit trail's keyed chain (merged into scripts/translations_zh.py's tables)."""

TRANSLATIONS: dict[str | tuple[str, str], str] = {
    "chain version": "链版本",
    "key id": "密钥编号",
}
