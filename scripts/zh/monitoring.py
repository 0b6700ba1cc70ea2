"""Chinese for the monitoring part (merged into scripts/translations_zh.py's tables).

Terms: relapse monitoring 防返贫监测 · monitoring case 监测对象 · case number 监测编号 ·
monitored group 监测类别 (脱贫不稳定户 / 边缘易致贫户 / 突发严重困难户) · identification
steps 识别认定程序: home visit 入户核实, data comparison 信息比对, village review and public
notice 村级评议公示, township review 乡镇审核, county approval 县级审定 · assistance measure
帮扶措施 · follow-up visit 跟踪回访 · risk removal 风险消除 · threshold 监测标准 ·
rigid expense 刚性支出 · overdue 逾期.
"""

TRANSLATIONS: dict[str | tuple[str, str], str] = {
    # models
    "self-report by the household": "农户自主申报",
    "found on a cadre's visit": "干部走访排查",
    "flagged by a rule on its data": "数据比对预警",
    "being identified": "认定中",
    "identified, monitored": "已纳入监测",
    "not included": "不予纳入",
    "home visit": "入户核实",
    "data comparison": "信息比对",
    "village review and public notice": "村级评议公示",
    "township review": "乡镇审核",
    "county approval": "县级审定",
    "case number": "监测编号",
    "monitored group": "监测类别",
    "source": "来源",
    "risk found": "风险情况",
    "next step": "下一步",
    "next step due": "下一步截止日期",
    "identified on": "认定日期",
    "closing note": "结案说明",
    "monitoring case": "监测对象",
    "monitoring cases": "监测对象",
    "step": "步骤",
    "findings": "核实情况",
    "notice from": "公示开始",
    "notice until": "公示结束",
    "signed by": "签字人",
    "identification step": "认定步骤",
    "identification steps": "认定步骤",
    "measure": "帮扶措施",
    "from": "起始日期",
    "monitoring measure": "帮扶措施",
    "monitoring measures": "帮扶措施",
    "visited by": "回访人",
    "notes": "备注",
    "per-capita income, annualised (yuan)": "人均纯收入（年化，元）",
    "follow-up visit": "跟踪回访",
    "follow-up visits": "跟踪回访",
    "amount (yuan)": "金额（元）",
    "rigid expense": "刚性支出",
    "rigid expenses": "刚性支出",
    "industry support": "产业帮扶",
    "employment support": "就业帮扶",
    "medical insurance and aid": "医疗保障与救助",
    "education aid": "教育资助",
    "minimum living allowance and social aid": "低保与社会救助",
    "housing safety": "住房安全保障",
    "medical": "医疗",
    # services
    "Describe the risk that was found.": "请说明发现的风险情况。",
    "Sign with your name.": "请签署您的姓名。",
    "Measures are recorded": "帮扶措施只能登记",
    "Describe the measure.": "请说明帮扶措施。",
    "Follow-up visits are recorded": "跟踪回访只能登记",
    "Say who visited.": "请填写回访人。",
    "Risk removal is possible": "风险消除只能",
    "Say why the risk is removed.": "请说明风险消除的理由。",
    "Say why the risk is not confirmed.": "请说明未确认风险的理由。",
    "not at or above the threshold at the latest visit": "最近一次回访收入未达到监测标准",
    "A date cannot be in the future.": "日期不能晚于今天。",
    "Write an amount in yuan, e.g. 6200.00.": "请填写以元为单位的金额，例如 6200.00。",
    "Choose one of the monitored groups.": "请选择监测类别。",
    "Say how the risk was found.": "请选择风险发现的来源。",
    "Only a household that has exited poverty is an unstable exited household.": (
        "只有已脱贫的农户才能认定为脱贫不稳定户。"
    ),
    "A case opens after the household was registered.": "监测对象的纳入日期应晚于该户的建档年份。",
    "This household already has an open monitoring case (%(number)s).": (
        "该户已有未结案的监测对象（%(number)s）。"
    ),
    "This case is %(state)s: no identification step can be added.": (
        "该监测对象状态为“%(state)s”，不能再登记认定步骤。"
    ),
    "Choose an identification step.": "请选择认定步骤。",
    "The village review with its public notice (at least %(days)d days) must come before the "
    "%(step)s: it cannot be skipped.": (
        "“%(step)s”之前必须先完成村级评议公示（公示不少于%(days)d天），不能跳过。"
    ),
    "Steps follow in order: record the %(expected)s first.": (
        "认定步骤须依次进行：请先登记“%(expected)s”。"
    ),
    "Give the first and the last day of the public notice.": "请填写公示的开始日期和结束日期。",
    "%(what)s only for an identified case; this one is %(state)s.": (
        "%(what)s于已纳入监测的对象；该对象状态为“%(state)s”。"
    ),
    "Choose the kind of measure.": "请选择帮扶措施类别。",
    "stable since %(on)s, last seen %(last)s": "自%(on)s起稳定，最近一次回访%(last)s",
    "The risk is removed only after the income has stayed at or above the threshold for at "
    "least %(months)d months, shown by follow-up visits (%(since)s).": (
        "只有跟踪回访显示收入持续稳定达到监测标准至少%(months)d个月，才能标注风险消除"
        "（%(since)s）。"
    ),
    "Choose medical or education.": "请选择医疗或教育。",
    "Per-capita income %(income)s yuan in %(year)d, below the threshold of %(threshold)s yuan "
    "(%(factor)s × the poverty line of %(line)s).": (
        "%(year)d年人均纯收入%(income)s元，低于监测标准%(threshold)s元"
        "（扶贫标准%(line)s元的%(factor)s倍）。"
    ),
    "The %(step)s has already been recorded.": "“%(step)s”已登记。",
    "Dated %(on)s, before the previous step (%(previous)s).": (
        "日期%(on)s早于上一步骤（%(previous)s）。"
    ),
    "The township reviews after the public notice has ended (%(end)s).": (
        "乡镇审核须在公示结束（%(end)s）之后进行。"
    ),
    "The notice is posted after the village review (%(on)s).": (
        "公示应在村级评议（%(on)s）之后开始。"
    ),
    "A public notice runs at least %(min)d days; %(start)s to %(end)s is %(days)d.": (
        "公示期至少%(min)d天；%(start)s至%(end)s仅%(days)d天。"
    ),
    "A measure starts after the case was opened (%(on)s).": (
        "帮扶措施的起始日期应晚于纳入监测的日期（%(on)s）。"
    ),
    "Assistance record %(number)s is not for this household's village.": (
        "帮扶记录%(number)s不属于该户所在的村。"
    ),
    "A follow-up visit comes after the identification (%(on)s).": (
        "跟踪回访应在认定（%(on)s）之后。"
    ),
    "Dated before the latest follow-up visit (%(on)s).": "日期早于最近一次跟踪回访（%(on)s）。",
    "Medical and schooling expenses of %(expense)s yuan in %(year)d, more than %(share)s%% of "
    "the household's income (%(total)s yuan).": (
        "%(year)d年医疗和教育支出%(expense)s元，超过家庭收入（%(total)s元）的%(share)s%%。"
    ),
    # views and forms
    "The step has been recorded.": "该步骤已登记。",
    "The measure has been recorded.": "帮扶措施已登记。",
    "The follow-up visit has been recorded.": "跟踪回访已登记。",
    "The risk has been removed.": "已标注风险消除。",
    "case number, head's name or pinyin initials": "监测编号、户主姓名或拼音首字母",
    "Monitored group": "监测类别",
    "Overdue steps only": "仅看逾期",
    "Found by": "发现来源",
    "Risk found": "风险情况",
    "Opened on": "纳入日期",
    "Step": "步骤",
    "for the public notice: the day of the village review": "村级评议公示步骤填写村级评议日期",
    "Public notice from": "公示开始日期",
    "Public notice until": "公示结束日期",
    "at least 5 days, counting the first and the last": "不少于5天（含首尾两日）",
    "Risk confirmed at this step": "本步骤确认存在风险",
    "Findings": "核实情况",
    "Signed by (your name)": "签字（您的姓名）",
    "Measure": "帮扶措施",
    "Assistance record number": "帮扶记录编号",
    "optional, e.g. A1B2C3D4E5F": "可选，例如 A1B2C3D4E5F",
    "Visited by": "回访人",
    "Follow-up date": "回访日期",
    "What was found": "回访情况",
    "Per-capita income, annualised (yuan)": "人均纯收入（年化，元）",
    "Risk removed on": "风险消除日期",
    "Why the risk is removed": "风险消除理由",
    "The monitoring case %(number)s has been opened.": "监测对象%(number)s已纳入。",
    "No assistance record %(number)s.": "没有编号为%(number)s的帮扶记录。",
    # templates
    "Monitoring case": "监测对象",
    "All cases": "全部监测对象",
    "overdue": "逾期",
    "Identified on": "认定日期",
    "Closed on": "结案日期",
    "Identification steps": "识别认定程序",
    "Due by": "截止日期",
    "Signed by": "签字人",
    "notice": "公示",
    "not confirmed": "未确认",
    "Record the next step": "登记下一步骤",
    "Record the step": "登记",
    "Assistance measures": "帮扶措施",
    "Add the measure": "添加帮扶措施",
    "Follow-up visits": "跟踪回访",
    "Per-capita income (yuan)": "人均纯收入（元）",
    "Add the visit": "添加回访",
    "Risk removal": "风险消除",
    "Remove the risk": "标注风险消除",
    "Threshold this year: %(t)s yuan per person.": "本年监测标准：人均%(t)s元。",
    "At or above the threshold at every visit from %(a)s to %(b)s.": (
        "%(a)s至%(b)s期间每次回访收入均达到监测标准。"
    ),
    "Still followed after exit": "退出后持续跟踪",
    "On": "日期",
    "None.": "无。",
    "Head of household": "户主",
    "Villages are followed for %(v)s years after they exit, households for %(h)s years after "
    "the year they exit.": "贫困村出列后跟踪%(v)s年，贫困户脱贫后跟踪%(h)s年（自脱贫年份起）。",
    "New monitoring case": "新增监测对象",
    "Open the case": "纳入监测",
    "Relapse monitoring": "防返贫监测",
    "Start a monitoring case": "纳入防返贫监测",
    "No monitoring case.": "无监测记录。",
    "Exited villages and households still followed": "退出后仍在跟踪期的村和户",
    "Case number": "监测编号",
    "Next step": "下一步",
    "No monitoring case matches.": "没有符合条件的监测对象。",
    "%(all)s cases: %(identifying)s being identified (%(overdue)s overdue), %(identified)s "
    "monitored.": "共%(all)s个监测对象：认定中%(identifying)s个（逾期%(overdue)s个），"
    "已纳入监测%(identified)s个。",
}

PLURALS: dict[tuple[str, ...], str] = {}
