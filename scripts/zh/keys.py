"""Chinese for keys and personal numbers: undecryptable values, masked phones, foreign scope
parameters (merged into scripts/translations_zh.py's tables)."""

TRANSLATIONS: dict[str | tuple[str, str], str] = {
    "(cannot decrypt)": "（无法解密）",
    "The stored value cannot be decrypted with the configured keys (key id %(kid)s), so this "
    "record cannot be saved; ask the system administrator to restore the key.": (
        "已存的值无法用当前配置的密钥解密（密钥编号 %(kid)s），因此本记录不能保存；"
        "请联系系统管理员恢复该密钥。"
    ),
    "No such division in your scope.": "您的范围内没有这个行政区划。",
}
