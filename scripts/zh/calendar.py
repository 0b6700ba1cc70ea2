"""Chinese for the reporting calendar (merged into scripts/translations_zh.py's tables)."""

TRANSLATIONS: dict[str | tuple[str, str], str] = {
    "reporting": "报表报送",
    "oversight": "督导考评",
    "Interest rate (%% a year)": "年利率（%%）",
    "Interest subsidy (%% a year)": "年贴息率（%%）",
    "A once-only report needs its due date.": "一次性报表须填写报送截止日期。",
    "A report due twice a year needs two days (e.g. 06-20,12-21); one due once a year needs "
    "one (e.g. 12-21).": "每半年报送的报表须填写两个日期（如 06-20,12-21），每年报送的填写一个（如 12-21）。",
    "The first half-year's day must come before the second's.": "上半年的截止日期须早于下半年的。",
    "No demonstration village has been recommended for %(county)s yet.": "%(county)s尚未推荐示范村。",
    "Write the county's own sections of the summary first: %(sections)s.": (
        "请先填写总结中由县里撰写的部分：%(sections)s。"
    ),
    "once, on a date": "一次性（指定日期）",
    "twice a year": "每半年",
    "once a year": "每年",
    "Leading group roster and liaison persons": "领导小组名单及联络人",
    "Demonstration village recommendation": "示范村推荐表",
    "Village-enterprise pairing list": "村企结对帮扶名单",
    "Pairing progress table": "村企结对帮扶进度表",
    "Assistance statistics table": "帮扶统计表",
    "Annual work summary": "年度工作总结",
    "“%(value)s” is not a day of the year; write the month and day, e.g. 06-20.": (
        "“%(value)s”不是一年中的日期；请写月和日，如 06-20。"
    ),
    "%(month)d/%(day)d does not exist every year.": "%(month)d月%(day)d日并非每年都有。",
    "report": "报表",
    "attachment": "附件",
    "due rule": "报送规则",
    "due on": "截止日期",
    "due days": "截止月日",
    "remind days before": "提前提醒天数",
    "expected": "应报",
    "reports": "报表",
    "accepted": "已接收",
    "not yet due": "未到期",
    "due": "待报送",
    "overdue": "已逾期",
    "county's remarks": "县里的说明",
    "summary sections": "总结正文",
    "first submitted at": "首次报送时间",
    "submitted at": "报送时间",
    "note from the city office": "市合作交流办意见",
    "reviewed at": "审核时间",
    "submission": "报送",
    "submissions": "报送",
    "filing": "报送版本",
    "checks": "检查结果",
    "before the due date": "截止日前",
    "on the due date": "截止当日",
    "Overdue: %(report)s for %(period)s (%(county)s) was due on %(due)s": (
        "已逾期：%(county)s %(period)s《%(report)s》应于 %(due)s 报送"
    ),
    "Due today: %(report)s for %(period)s (%(county)s)": "今日截止：%(county)s %(period)s《%(report)s》",
    "Due on %(due)s: %(report)s for %(period)s (%(county)s)": (
        "%(due)s 截止：%(county)s %(period)s《%(report)s》"
    ),
    "Open the filing in bangfu, review the form the system made and submit it.": (
        "请在系统中打开该报送，核对系统生成的报表后提交。"
    ),
    "You file for %(own)s only; this filing is %(county)s's.": "您只能为%(own)s报送；这是%(county)s的报送。",
    "Choose a due rule.": "请选择报送规则。",
    "Remind between 0 and 60 days before the due date.": "提前提醒天数应在 0 到 60 之间。",
    "The due date must fall within the programme's years %(a)d–%(b)d.": (
        "截止日期须在行动年度 %(a)d–%(b)d 年之内。"
    ),
    "The last year must be between %(a)d and %(b)d.": "截止年份须在 %(a)d 到 %(b)d 之间。",
    "Counties have filed forms due after %(year)d; the calendar cannot end before them.": (
        "已有县报送了 %(year)d 年以后的报表，报送日历不能在其之前结束。"
    ),
    "%(county)s's %(report)s for %(period)s has been accepted; it cannot be submitted again "
    "unless the city office re-opens it.": (
        "%(county)s %(period)s《%(report)s》已被接收，除非市合作交流办重新开放，否则不能再次报送。"
    ),
    "This filing has been submitted and waits for the city office.": "该报表已报送，正等待市合作交流办审核。",
    "Read the warnings and confirm that the filing may go with them.": "请阅读提示，并确认在有这些提示的情况下报送。",
    "%(county)s filed %(report)s for %(period)s": "%(county)s报送了 %(period)s《%(report)s》",
    "Only a submitted filing can be accepted or sent back; this one is %(state)s.": (
        "只有已提交的报表才能接收或退回；该报表当前为“%(state)s”。"
    ),
    "Say what the county must put right.": "请说明县里需要修改的内容。",
    "The city office sent back %(report)s for %(period)s": "市合作交流办退回了 %(period)s《%(report)s》",
    "The city office accepted %(report)s for %(period)s": "市合作交流办接收了 %(period)s《%(report)s》",
    "Only an accepted filing can be re-opened.": "只有已接收的报表才能重新开放。",
    "The city office re-opened %(report)s for %(period)s": "市合作交流办重新开放了 %(period)s《%(report)s》",
    "Results and experience": "主要成效和经验",
    "Problems and difficulties": "存在的问题和困难",
    "Plans for next year": "下一年工作打算",
    "For a report due once.": "用于一次性报表。",
    "Month-day, e.g. 12-21; for twice a year two of them: 06-20,12-21.": (
        "月-日，如 12-21；每半年报送的写两个：06-20,12-21。"
    ),
    "Write the last year as four digits, e.g. 2020.": "请用四位数字填写截止年份，如 2020。",
    "The calendar runs through %(year)d: %(created)d expected submissions added.": (
        "报送日历延至 %(year)d 年：新增应报 %(created)d 项。"
    ),
    "Saved. Expected submissions: %(created)d added, %(moved)d moved to the new due date, "
    "%(removed)d no longer expected.": (
        "已保存。应报事项：新增 %(created)d 项，%(moved)d 项改为新的截止日期，%(removed)d 项不再需要报送。"
    ),
    "not yet filed": "尚未报送",
    "No such submission": "没有这项报送",
    "Saved.": "已保存。",
    "Submitted to the city office.": "已报送市合作交流办。",
    "Sent back to the county with your note.": "已连同意见退回县里。",
    "Accepted.": "已接收。",
    "Re-opened; the county may correct and file again.": "已重新开放，县里可以修改后再次报送。",
    "No such action": "没有这项操作",
    "What your county owes next": "本县待报事项",
    "Form": "报表",
    ("reporting", "Period"): "统计期间",
    "Due date": "截止日期",
    "Attachment": "附件",
    "Board": "报送情况",
    "Submissions": "报送",
    "Calendar": "报送日历",
    "Reporting calendar": "报表报送",
    "Completeness and timeliness": "报送完整性和及时性",
    "Year": "年度",
    "All years": "全部年度",
    "Expected: due on or before %(day)s, or filed already. On time: first filed by the due "
    "date. Overdue: due and never filed.": "应报：截止日期不晚于 %(day)s，或已提前报送。按时：首次报送不晚于截止日期。逾期：已到截止日期仍未报送。",
    "Att.": "附件",
    "All forms": "全部报表",
    "Expected": "应报",
    "On time": "按时",
    "Late": "迟报",
    "Overdue": "逾期",
    "Nothing was due yet.": "尚无到期的报表。",
    "Overdue for": "逾期时长",
    "Nothing is overdue.": "没有逾期的报表。",
    "The calendar runs through the year": "报送日历截止年份",
    "No reports are set for this programme.": "本行动尚未设置报表。",
    "filed on time": "按时报送",
    "filed late": "迟报",
    "First filed": "首次报送",
    "Locked": "已锁定",
    "Assistance records of %(periods)s are closed for changes.": "%(periods)s 的帮扶记录已锁定，不能修改。",
    "Checks before submitting": "报送前检查",
    "Must be put right:": "须先处理：",
    "Warning:": "提示：",
    "Open": "打开",
    "No problems found.": "未发现问题。",
    "I have read the warnings; file the form with them.": "我已阅读以上提示，确认报送。",
    "Submit to the city office": "报送市合作交流办",
    "Save without submitting": "保存，暂不报送",
    "Review": "审核",
    "Note to the county": "给县里的意见",
    "Accept": "接收",
    "Send back with the note": "连同意见退回",
    "Reason for re-opening (kept in the audit trail)": "重新开放的事由（将记入审计日志）",
    "As filed": "报送版本",
    "The form as the data stands now": "按当前数据生成的报表",
    "Download the draft (.docx)": "下载草稿（.docx）",
    "Download the draft (.xlsx)": "下载草稿（.xlsx）",
    "Filings": "报送记录",
    "By": "报送人",
    "Warnings accepted": "确认过的提示",
    "Download as filed": "下载报送版本",
    "Not filed yet.": "尚未报送。",
    "All": "全部",
    "yes": "是",
    "No submissions match.": "没有符合条件的报送。",
    # the roster and demonstration-village models (attachments 3 and 4)
    "leader": "组长",
    "deputy leader": "副组长",
    "role in the group": "小组职务",
    "e-mail": "电子邮箱",
    "order": "排序",
    "leading group member": "领导小组成员",
    "leading group members": "领导小组成员",
    "reasons": "推荐理由",
    "leading industry": "主导产业",
    "recommended by": "推荐单位",
    "recommended on": "推荐日期",
    "selected": "已选定",
    "selected on": "选定日期",
    "selection note": "选定说明",
    "demonstration village recommendation": "示范村推荐",
    "demonstration village recommendations": "示范村推荐",
}

PLURALS: dict[tuple[str, ...], str] = {
    (
        "%(n)d active pairing has no signed agreement on file.",
        "%(n)d active pairings have no signed agreement on file.",
    ): "%(n)d 个生效的结对没有已签协议。",
    (
        "%(n)d plan item of active pairings is late.",
        "%(n)d plan items of active pairings are late.",
    ): "生效结对中有 %(n)d 项帮扶规划逾期。",
    (
        "%(n)d assistance record of the period is not confirmed: the table counts confirmed "
        "records only.",
        "%(n)d assistance records of the period are not confirmed: the table counts confirmed "
        "records only.",
    ): "本期有 %(n)d 条帮扶记录尚未确认：统计表只统计已确认的记录。",
    ("%(n)d poor village has no helper.", "%(n)d poor villages have no helper."): (
        "%(n)d 个贫困村没有帮扶主体。"
    ),
    (
        "%(n)d household has an invalid resident ID number.",
        "%(n)d households have an invalid resident ID number.",
    ): "%(n)d 户的身份证号无效。",
    ("All %(n)s forms owed", "All %(n)s forms owed"): "全部 %(n)s 项待报",
    (
        "%(n)s row in all; download the form to see every row.",
        "%(n)s rows in all; download the form to see every row.",
    ): "共 %(n)s 行；下载报表可查看全部。",
    ("%(n)s late", "%(n)s late"): "迟报 %(n)s 项",
    ("%(n)s submission", "%(n)s submissions"): "共 %(n)s 项报送",
}
