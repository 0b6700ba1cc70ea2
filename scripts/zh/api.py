"""Chinese for the API's own error answers (merged into scripts/translations_zh.py's tables)."""

TRANSLATIONS: dict[str | tuple[str, str], str] = {
    "Bad request.": "请求有误。",
    "A request may not contain a NUL character.": "请求中不能含有空字符(NUL)。",
}
