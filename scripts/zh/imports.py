"""Chinese for the imports part: columns recognised, absent or ignored, values cleared only
on confirmation, one problem per bad row (merged into scripts/translations_zh.py's tables)."""

TRANSLATIONS: dict[str | tuple[str, str], str] = {
    # core/excel.py: two headers of the file name the same column (one through an alias).
    "The headers “%(first)s” and “%(second)s” are both the column “%(name)s”; keep only one "
    "of them.": "表头“%(first)s”和“%(second)s”都是“%(name)s”列，请只保留其中一列。",
    # core/imports.py: the notes shown with an import's result.
    "Ignored columns: %(names)s (not recognised).": "忽略了列：%(names)s（未识别）。",
    "Not in the file, so left as stored: %(names)s.": (
        "文件中没有这些列，已有数据保持不变：%(names)s。"
    ),
    # %(what)s is a column's noun (手机号) or its quoted header: "12 个已有手机号".
    "%(n)d stored %(what)s": "%(n)d 个已有%(what)s",
    "Cleared %(parts)s (empty cells in the file).": "已清空 %(parts)s（文件中为空白单元格）。",
    "Empty cells in this file would clear %(parts)s.": "文件中的空白单元格将清空 %(parts)s。",
    "Nothing has been written yet: %(clears)s Confirm to import and clear them, or correct the "
    "file.": "尚未写入任何数据：%(clears)s确认后才会导入并清空这些数据；也可以修改文件后重新上传。",
    "%(n)d problem(s) will be skipped.": "另有 %(n)d 个问题将被跳过。",
    # The template's notes sheet.
    "required": "必填",
    "optional": "选填",
    "also recognised as: %(names)s": "也可写作：%(names)s",
    "Headers are matched ignoring spaces, brackets and marks such as (必填); a header that is "
    "not recognised is named in the result and its column ignored.": (
        "表头匹配时忽略空格、括号和“(必填)”等标记；无法识别的表头会在导入结果中列出，该列不导入。"
    ),
    "An optional column left out of the file leaves that field of existing records as it is. "
    "An empty cell in a column that is present clears the stored value; before anything is "
    "written you are told how many values would be cleared and asked to confirm.": (
        "文件中没有的选填列，已有记录的该项保持不变。文件中有该列但单元格为空，则清空已有数据；"
        "写入前会告诉您将清空多少个数据，并请您确认。"
    ),
    # registry/io.py: cross-row checks of a households file.
    "the same person as row %(row)d": "与第 %(row)d 行是同一人",
    "the same person as row %(row)d, there in another household": (
        "与第 %(row)d 行是同一人（该行在另一户中）"
    ),
    "the same head's ID number as row %(row)d (%(name)s), under another name": (
        "与第 %(row)d 行（户主%(name)s）的户主身份证号相同，但户主姓名不同"
    ),
    # Import jobs (core/models.py, services.py, the job page).
    "waiting for your confirmation": "待您确认",
    "Cancelled: nothing was imported.": "已取消，未导入任何数据。",
    "Import and clear these values": "导入并清空这些数据",
    "Cancel, import nothing": "取消，不导入",
    # places/services.py: the division list.
    "the same code as row %(row)d": "与第 %(row)d 行代码相同",
    "the column is given twice": "该列重复",
}
