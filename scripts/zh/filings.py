"""Chinese for filings shown to readers that are not the numbers' own office (issue 13)."""

TRANSLATIONS: dict[str | tuple[str, str], str] = {
    "Mobile and ID numbers are masked here and in the downloads: they are shown in full to "
    "the county's office and the city office only.": (
        "此处及下载文件中的手机号码和身份证号码已隐去：完整号码仅向本县扶贫办和市帮扶办显示。"
    ),
}
