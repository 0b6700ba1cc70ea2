"""Chinese for issue 12: the confirmation queue in bulk, locked half-years, the import
worker notice (merged into scripts/translations_zh.py's tables)."""

TRANSLATIONS: dict[str | tuple[str, str], str] = {
    # the confirmation queue and its bulk actions
    "not a record of your county": "不是本县的记录",
    "not waiting for confirmation (%(status)s)": "不在待确认状态（%(status)s）",
    "its half-year (%(period)s) has been accepted and is locked": (
        "所属半年（%(period)s）的报表已审核通过并锁定"
    ),
    "no such record": "没有这条记录",
    "Choose at least one record.": "请至少勾选一条记录。",
    "Nothing was changed; these records cannot be acted on:": ("未做任何更改；以下记录无法处理："),
    "Choose confirm or send back.": "请选择确认或退回。",
    "Not listed: submitted records of half-years whose filing has been accepted and locked. "
    "The city office must re-open the half-year before they can be confirmed or sent back.": (
        "未列出：所属半年报表已审核通过并锁定的已提交记录。须由市合作交流办重新开放该半年，"
        "才能确认或退回。"
    ),
    "Ticked records:": "已勾选的记录：",
    "Confirm all ticked": "全部确认",
    "what needs fixing (to send back)": "需修改之处（退回时填写）",
    "Send all ticked back": "全部退回",
    "Untick all": "取消全选",
    "Tick every record on this page": "勾选本页全部记录",
    "Tick": "勾选",
    "This record's half-year has been accepted and is locked: it cannot change until the "
    "city office re-opens the half-year.": (
        "该记录所属半年的报表已审核通过并锁定：在市合作交流办重新开放该半年之前不能更改。"
    ),
    # the import page when no background worker runs
    "No background worker has picked this import up for over a minute: the worker seems not "
    "to be running. The file is kept and the import starts as soon as a worker runs. Ask the "
    "system administrator to start it (<code>bangfu db_worker</code>, the bangfu-worker "
    "service beside the web server).": (
        "超过一分钟仍没有后台任务进程接手这次导入：后台任务进程似乎没有运行。文件已保存，"
        "后台任务进程一运行就会开始导入。请联系系统管理员启动它（<code>bangfu db_worker</code>，"
        "即与网站服务并列运行的 bangfu-worker 服务）。"
    ),
}

PLURALS: dict[tuple[str, ...], str] = {
    (
        "%(n)d record confirmed: it now counts.",
        "%(n)d records confirmed: they now count.",
    ): "已确认 %(n)d 条记录，现已计入统计。",
    (
        "%(n)d record sent back with your note.",
        "%(n)d records sent back with your note.",
    ): "已退回 %(n)d 条记录，附上您的意见。",
    ("%(n)s record", "%(n)s records"): "%(n)s 条记录",
}
