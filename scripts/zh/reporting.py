"""Chinese for the reporting part (merged into scripts/translations_zh.py's tables)."""

TRANSLATIONS: dict[str | tuple[str, str], str] = {
    # Leading groups (attachment 3) and demonstration villages (attachment 4)
    "No such county": "没有这个县(区)",
    "No such member": "没有这名成员",
    "No such recommendation": "没有这份推荐",
    "No such helping district": "没有这个帮扶方(区)",
    "Give the reasons for recommending this village.": "请填写推荐该村的理由。",
    "The date of the recommendation cannot be in the future.": "推荐日期不能晚于今天。",
    "The leading group has no leader.": "领导小组尚无组长。",
    "The leading group has no liaison: name one with a phone number.": (
        "领导小组尚无联络人：请指定一名并填写联系电话。"
    ),
    "Write the member's name.": "请填写成员姓名。",
    "Write the member's unit.": "请填写成员的工作单位。",
    "Choose the role in the group.": "请选择领导小组职务。",
    "A liaison is published for enterprises: give a phone number.": (
        "联络人将向企业公开，请填写联系电话。"
    ),
    "A leading group belongs to a county.": "领导小组按县(区)设立。",
    "This helping district belongs to another programme.": "该帮扶方(区)属于另一项帮扶行动。",
    "You keep the records of %(own)s only; %(county)s is another county's.": (
        "您只能维护%(own)s的资料；%(county)s是其他县(区)的。"
    ),
    "%(county)s has no leading group roster yet.": "%(county)s尚未填报领导小组名单。",
    "%(district)s has already recommended %(village)s; a helping district recommends one "
    "village: change that recommendation instead.": (
        "%(district)s已推荐%(village)s；每个帮扶方(区)只推荐一个村，请修改原推荐。"
    ),
    "The liaison %(name)s has no phone number.": "联络人%(name)s没有联系电话。",
    "%(village)s is not in %(county)s: %(district)s recommends a village of the county it "
    "helps.": "%(village)s不在%(county)s：%(district)s应推荐其对口帮扶县(区)内的村。",
    "%(village)s is not a registered poor village; a demonstration village is chosen among "
    "the county's poor villages.": (
        "%(village)s不是建档立卡贫困村；示范村须从本县(区)贫困村中挑选。"
    ),
    "%(village)s is already selected.": "%(village)s已选定。",
    "%(n)d demonstration villages are already selected, the programme's quota; unselect one "
    "before selecting %(village)s.": (
        "已选定%(n)d个示范村，名额已满；请先取消一个，再选定%(village)s。"
    ),
    "%(village)s is not selected.": "%(village)s未被选定。",
    "“%(value)s” is not a phone number: write a mobile number (11 digits) or an office "
    "number with its area code, e.g. 0314-2023456.": (
        "“%(value)s”不是有效的电话号码：请填写 11 位手机号码，或带区号的办公电话，如 0314-2023456。"
    ),
    "“%(value)s” is not an e-mail address.": "“%(value)s”不是有效的电子邮箱。",
    "%(district)s has already recommended a village; change that recommendation.": (
        "%(district)s已推荐示范村，请修改原推荐。"
    ),
    "%(village)s has been selected as a demonstration village; the city office must unselect "
    "it before another village is recommended.": (
        "%(village)s已选定为示范村；须由市合作交流办取消后才能改推其他村。"
    ),
    "Leading groups": "领导小组",
    "Demonstration villages": "示范村",
    "The county government, the poverty office or the institute (plan §五(一)1).": (
        "县政府、扶贫办或研究院（实施方案五(一)1）。"
    ),
    "A mobile number, or an office number with its area code.": "手机号码，或带区号的办公电话。",
    "%(village)s selected as a demonstration village.": "%(village)s已选定为示范村。",
    "Member added.": "已添加成员。",
    "Add a member to the leading group of %(county)s": "添加%(county)s领导小组成员",
    "Edit %(name)s (%(county)s)": "修改%(name)s（%(county)s）",
    "%(name)s taken off the roster.": "已将%(name)s移出名单。",
    "Recommendation saved.": "推荐已保存。",
    "Demonstration village recommended by %(district)s (%(county)s)": (
        "%(district)s推荐的示范村（%(county)s）"
    ),
    "%(village)s is no longer a selected demonstration village.": "%(village)s已取消示范村选定。",
    "The liaisons' names and contacts are published on the public page.": (
        "联络人的姓名和联系方式在公开页面上公布。"
    ),
    "Leading group rosters and liaison persons": "领导小组名单及联络人",
    "Public liaison page": "公开联络页面",
    "All counties": "全部县(区)",
    "Add a member": "添加成员",
    "Download the form (.xlsx)": "下载报表（.xlsx）",
    "Remove": "移除",
    "No members yet.": "尚无成员。",
    "No county to show.": "没有可显示的县(区)。",
    "This village has been selected; the city office must unselect it before another "
    "village is recommended.": "该村已选定为示范村；须由市合作交流办取消后才能改推其他村。",
    "Each helping district recommends one registered poor village of the county it helps; "
    "the city office selects the demonstration villages.": (
        "每个帮扶方(区)在其对口帮扶县(区)推荐一个建档立卡贫困村，由市合作交流办选定示范村。"
    ),
    "Download the recommendation form (.xlsx)": "下载示范村推荐表（.xlsx）",
    "Filing of the selected villages (.xlsx)": "入选示范村备案表（.xlsx）",
    "Not recommended yet.": "尚未推荐。",
    "Recommend": "推荐",
    "Unselect": "取消选定",
    "Select": "选定",
    "No helping district is paired with this county.": "该县(区)没有对口帮扶方。",
    "Selected: %(n)s of %(quota)s.": "已选定 %(n)s 个，名额 %(quota)s 个。",
    "Liaison persons and villages seeking helpers": "联络人及待帮扶贫困村",
    "Enterprises, associations and research collectives that wish to help a poor village: "
    "contact the liaison person of the county.": (
        "有意结对帮扶贫困村的企业、协会和科研集体，请与所在县(区)的联络人联系。"
    ),
    "Liaison persons": "联络人",
    "No liaison person has been named yet.": "尚未指定联络人。",
    "Poor villages still seeking helpers": "尚待结对帮扶的贫困村",
    "helper places free": "可结对名额",
    "Every registered poor village has a helper.": "每个建档立卡贫困村都已有帮扶主体。",
    "No programme is running at present.": "目前没有正在开展的帮扶行动。",
    "Back to bangfu": "返回系统",
}

PLURALS: dict[tuple[str, ...], str] = {
    (
        "%(n)s registered poor village has no helper yet.",
        "%(n)s registered poor villages have no helper yet.",
    ): "有 %(n)s 个建档立卡贫困村尚无帮扶主体。",
}
