"""Fill the Simplified-Chinese catalogue (bangfu/locale/zh_Hans/LC_MESSAGES/django.po).

Re-runnable after every `bangfu makemessages -l zh_Hans --ignore=.venv --ignore=var`:

    .venv/bin/python scripts/translations_zh.py            # fill empty msgstrs only
    .venv/bin/python scripts/translations_zh.py --force    # overwrite with the table below
    .venv/bin/python scripts/translations_zh.py --check    # report only, write nothing
    .venv/bin/python scripts/compile_messages.py           # then .po -> .mo

It also fixes the header (Language, charset, Plural-Forms) and drops `#, fuzzy` flags: a
fuzzy entry is makemessages' guess, so it is replaced by the table's translation, or emptied
(and reported) when the table has none.

Exit code 1 if any msgid is left untranslated or a translation's placeholders do not match
its msgid's.

Glossary (project terms, keep consistent when adding strings):
  programme 项目/科企帮万村行动 (“Programme” as a UI noun: 帮扶行动) · region pairing 对口帮扶 ·
  division 行政区划 · county 县(区) · township 乡镇 · village 村 ·
  township service centre 乡镇科技服务中心 · village workstation 村级科技服务工作站 ·
  helper 帮扶主体 · helper liaison 帮扶企业联络人 · pairing 结对帮扶 · assistance 帮扶记录/帮扶 ·
  registries 档案 · reporting 报表报送 · oversight 督导考评 · dashboard 数据看板 ·
  audit trail 审计日志 · City cooperation office 市合作交流办 · County poverty office 县扶贫办 ·
  Institute staff 研究院人员 · Inspector 督导员 · Auditor 审计员 · System administrator 系统管理员 ·
  Sign in 登录 · Sign out 退出 · pinyin initials 拼音首字母 · statistical code 统计用区划代码 ·
  demonstration villages 示范村 · helping district 帮扶方(区) · helped county 受援县
Registry (建档立卡) terms:
  registered poor village 建档立卡贫困村 (short 贫困村) · village profile 村情档案 ·
  household 贫困户/户 · head of household 户主 · member 家庭成员 · resident ID number 身份证号 ·
  household number 户编号 · poverty causes 致贫原因 (因病 因残 因学 因灾 缺土地 缺水 缺技术
  缺劳力 缺资金 交通条件落后 自身发展动力不足 其他) · monitoring status 监测状态 ·
  selected for tech help 科技帮扶对象 · per-capita net income 人均纯收入 ·
  year registered 纳入年份 · year exited (household) 脱贫年份 · exited on (village) 出列日期 ·
  relation to head 与户主关系 · labour ability 劳动能力 · education 文化程度 · health 健康状况 ·
  unified social credit code 统一社会信用代码 · villages it means to help / capacity 计划帮扶村数 ·
  liaison 联络人 · import 导入 · export 导出 · template 模板 · Show in full 查看完整号码 ·
  reason (recorded) 事由（将记入审计日志）. The vocabularies of registry/io.py and helpers/io.py
  (the templates' Chinese cell values) are the labels to match.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import polib

PO_PATH = (
    Path(__file__).resolve().parent.parent
    / "bangfu"
    / "locale"
    / "zh_Hans"
    / "LC_MESSAGES"
    / "django.po"
)

HEADER = {
    "Language": "zh_Hans",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}

# msgid -> msgstr. For an entry with a msgctxt, key it as (msgctxt, msgid).
TRANSLATIONS: dict[str | tuple[str, str], str] = {
    # --- home page, audit, relations (added with the registries) ---------------------
    ("relation to the head of household", "parent"): "父母",
    "Client address": "IP 地址",
    "too large (at most %(n)d digits before the decimal point)": "数值过大（整数部分最多 %(n)d 位）",
    "longer than %(n)d characters": "超过 %(n)d 个字符",
    "Registered poor villages not yet exited": "未出列贫困村",
    "%(n)s exited": "已退出 %(n)s",
    "Registered poor households": "建档立卡贫困户",
    # --- accounts: admin, forms ------------------------------------------------------
    "Person": "个人信息",
    "Role and scope": "角色与权限范围",
    "Dates": "日期",
    "Username": "用户名",
    "Password": "密码",
    "Actor": "操作人",
    "Event": "事件",
    "Object type": "对象类型",
    "Outcome": "结果",
    "succeeded": "成功",
    "denied": "被拒绝",
    "failed": "失败",
    "From": "起始日期",
    "Until": "截止日期",
    # --- accounts: middleware, models --------------------------------------------------
    "Your session has ended.": "登录已失效。",
    "Your session has ended. Please sign in again.": "登录已失效，请重新登录。",
    "role": "角色",
    "full name": "姓名",
    "county": "县(区)",
    "phone": "电话",
    "password changed at": "密码修改时间",
    "user": "用户",
    "users": "用户",
    "A county officer must be bound to a county.": "县扶贫办用户必须关联所属县(区)。",
    "Only county officers are bound to a county.": "只有县扶贫办用户才能关联县(区)。",
    "Choose a county, not a township or village.": "请选择县(区)，不能选择乡镇或村。",
    "time": "时间",
    "actor": "操作人",
    "actor name": "操作人姓名",
    "address": "地址",
    "request id": "请求 ID",
    "channel": "渠道",
    "event": "事件",
    "object type": "对象类型",
    "object id": "对象 ID",
    "object": "对象",
    "outcome": "结果",
    "changes": "变更内容",
    "detail": "详情",
    "audit event": "审计事件",
    "audit events": "审计事件",
    # --- accounts: roles ---------------------------------------------------------------
    "City cooperation office": "市合作交流办",
    "County poverty office": "县扶贫办",
    "Institute staff": "研究院人员",
    "Helper liaison": "帮扶企业联络人",
    "Inspector": "督导员",
    "Auditor": "审计员",
    "System administrator": "系统管理员",
    # --- accounts: validators, views ---------------------------------------------------
    "The password must mix at least %(n)d of: lower-case letters, upper-case letters, "
    "digits and other characters (or be a passphrase of %(m)d characters or more).": (
        "密码须至少包含小写字母、大写字母、数字和其他字符中的 %(n)d 类"
        "（或使用不少于 %(m)d 个字符的短语密码）。"
    ),
    "Mix at least three of lower case, upper case, digits and other characters.": (
        "密码须至少包含小写字母、大写字母、数字和其他字符中的三类。"
    ),
    "The password may not contain the username.": "密码不得包含用户名。",
    "Too many failed sign-ins: this account is locked from this address until %(time)s.": (
        "登录失败次数过多：该账号在当前 IP 地址下已被锁定，%(time)s 后方可再次登录。"
    ),
    "The username or password is not correct.": "用户名或密码错误。",
    "You have signed out.": "您已退出。",
    "Your password has been changed.": "密码已修改。",
    "The account has been created.": "账号已创建。",
    "The account has been saved.": "账号已保存。",
    "%(n)d failed sign-ins cleared; the account is unlocked.": (
        "已清除 %(n)d 次登录失败记录，账号已解锁。"
    ),
    # --- core: navigation, models ------------------------------------------------------
    "Home": "首页",
    "Places": "地区",
    "Registries": "档案",
    "Pairings": "结对帮扶",
    "Assistance": "帮扶记录",
    "Reporting": "报表报送",
    "Oversight": "督导考评",
    "Dashboard": "数据看板",
    "Audit trail": "审计日志",
    "Accounts": "账号管理",
    "This record has been changed by someone else (已被他人修改). Reload it and try again.": (
        "该记录已被他人修改，请刷新后重试。"
    ),
    "created at": "创建时间",
    "updated at": "更新时间",
    "version": "版本",
    # --- places: models ----------------------------------------------------------------
    "city": "市",
    "township": "乡镇",
    "village": "村",
    "code": "区划代码",
    "level": "层级",
    "name": "名称",
    "parent": "上级区划",
    "pinyin initials": "拼音首字母",
    "division": "行政区划",
    "divisions": "行政区划",
    # %(level)s is the level's display name (市 / 县(区) / 乡镇 / 村).
    "A %(level)s code has %(n)d digits.": "%(level)s级区划代码应为 %(n)d 位数字。",
    "The code must start with the parent's code.": "区划代码必须以上级区划代码开头。",
    "first year": "起始年份",
    "last year": "结束年份",
    "most helpers a village": "每村帮扶主体上限",
    "demonstration villages": "示范村数量",
    "current": "当前",
    "description": "说明",
    "programme": "帮扶行动",
    "programmes": "帮扶行动",
    "helping district": "帮扶方(区)",
    "helped county": "受援县",
    "note": "备注",
    "region pairing": "对口帮扶",
    "region pairings": "对口帮扶",
    "township service centre": "乡镇科技服务中心",
    "village workstation": "村级科技服务工作站",
    "kind": "类型",
    "opened on": "设立日期",
    "service point": "服务站点",
    "service points": "服务站点",
    # e.g. 乡镇科技服务中心只能设在乡镇一级。
    "A %(kind)s belongs to a %(level)s.": "%(kind)s只能设在%(level)s一级。",
    "post": "职务",
    "service staff": "服务人员",
    # --- places: loading the division file (CSV) ---------------------------------------
    "row %(row)d, column %(column)s, value “%(value)s”: %(reason)s": (
        "第 %(row)d 行，%(column)s 列，值“%(value)s”：%(reason)s"
    ),
    "required column missing": "缺少必需的列",
    "the file is not UTF-8 text": "文件不是 UTF-8 编码的文本",
    # The level values are the literal CSV column values, so they stay in English.
    "unknown level (city, county, township, village)": (
        "未知的层级（应为 city、county、township、village 之一）"
    ),
    # %(level)s is the raw CSV value (city/county/township/village).
    "a %(level)s code has %(n)d digits": "层级为 %(level)s 的代码应为 %(n)d 位数字",
    "duplicate code in the file": "文件中有重复的代码",
    "the name is empty": "名称为空",
    "the name is longer than 64 characters": "名称超过 64 个字符",
    "the parent code does not lead to this code": "上级代码与本行代码不对应",
    "unknown parent code (the parent must come first)": "上级代码不存在（上级须列在下级之前）",
    # --- settings: language switcher ---------------------------------------------------
    "Simplified Chinese": "简体中文",
    "English": "English",
    # --- templates: errors, pager ------------------------------------------------------
    "Not allowed": "无权访问",
    "Your role may not open this page.": "您的角色无权访问此页面。",
    "Not found": "未找到",
    "There is no such page or record, or it is not in your scope.": (
        "该页面或记录不存在，或不在您的权限范围内。"
    ),
    "Pages": "分页",
    "Previous": "上一页",
    "Page %(n)s of %(total)s": "第 %(n)s 页，共 %(total)s 页",
    "Next": "下一页",
    # --- templates: accounts -----------------------------------------------------------
    "Filter": "筛选",
    "Export CSV": "导出 CSV",
    "Time": "时间",
    "Role": "角色",
    # Audit-trail column: the client's IP address.
    "Address": "地址",
    "Object": "对象",
    "Changes": "变更内容",
    "No events match.": "没有符合条件的审计事件。",
    "Sign in": "登录",
    "The 科企帮万村 pairing-assistance system for the city cooperation office, county "
    "poverty offices, the institute and helping enterprises.": (
        "面向市合作交流办、各县扶贫办、研究院和帮扶企业的科企帮万村结对帮扶系统。"
    ),
    "Change password": "修改密码",
    "Save": "保存",
    "New account": "新建账号",
    "Account": "账号",
    "This account is locked after failed sign-ins until %(time)s.": (
        "该账号因登录失败次数过多已被锁定，%(time)s 后自动解锁。"
    ),
    "Unlock": "解锁",
    "Cancel": "取消",
    # Shared by the account list (a person's name) and the division table (a place name).
    "Name": "名称",
    "County": "县(区)",
    "Active": "启用",
    "Last sign-in": "最近登录",
    # --- templates: base ---------------------------------------------------------------
    # Page-title default; the title reads “<page> · <Pairing assistance>”.
    "bangfu": "科企帮万村",
    "Pairing assistance": "结对帮扶系统",
    "Main navigation": "主导航",
    "bangfu · 科企帮万村": "科企帮万村帮扶系统",
    "Menu": "菜单",
    "Not yet open": "暂未开放",
    "Place name, pinyin initials or code": "地名、拼音首字母或区划代码",
    "Search places": "搜索地区",
    "Sign out": "退出",
    "bangfu: the pairing-assistance system of the 科企帮万村 programme": (
        "科企帮万村行动结对帮扶管理系统"
    ),
    "Language": "语言",
    "Switch": "切换",
    # --- templates: dashboard ----------------------------------------------------------
    "Welcome, %(name)s": "欢迎，%(name)s",
    "You see the data of %(county)s.": "您可查看%(county)s的数据。",
    "You see the data of all five counties.": "您可查看全部五个县(区)的数据。",
    "Counties": "县(区)",
    "Townships": "乡镇",
    "Villages": "村",
    "%(t)s townships, %(v)s villages": "%(t)s 个乡镇，%(v)s 个村",
    "Your account has no role yet. Ask the system administrator to assign one.": (
        "您的账号尚未分配角色，请联系系统管理员分配。"
    ),
    # --- templates: places -------------------------------------------------------------
    "Expand": "展开",
    "No place matches “%(q)s”.": "没有与“%(q)s”匹配的地区。",
    "Statistical code": "统计用区划代码",
    "Pinyin initials": "拼音首字母",
    "Service centres and workstations": "乡镇科技服务中心和村级科技服务工作站",
    "Code": "区划代码",
    # Column with the number of child divisions of each row.
    "Below": "下级区划数",
    "Divisions": "行政区划",
    "Programme and region pairings": "帮扶行动与对口帮扶",
    "%(c)s counties, %(t)s townships, %(v)s villages in your scope.": (
        "您的权限范围内共有 %(c)s 个县(区)、%(t)s 个乡镇、%(v)s 个村。"
    ),
    "No divisions are loaded yet: run `bangfu load_divisions`.": (
        "尚未导入行政区划：请运行 `bangfu load_divisions`。"
    ),
    "Programme": "帮扶行动",
    "Programmes": "帮扶行动",
    "at most %(n)s helpers a village · %(q)s demonstration villages": (
        "每村最多 %(n)s 个帮扶主体 · %(q)s 个示范村"
    ),
    "No programme yet.": "暂无帮扶行动。",
    "Region pairings": "对口帮扶",
    "Helping district": "帮扶方(区)",
    "Helped county": "受援县",
    "Note": "备注",
    "None in your scope.": "您的权限范围内暂无记录。",
    # --- accounts: binding a liaison to a helper ---------------------------------------
    "helper": "帮扶主体",
    "A helper liaison must be bound to a helper.": "帮扶企业联络人用户必须关联所属帮扶主体。",
    "Only helper liaisons are bound to a helper.": "只有帮扶企业联络人用户才能关联帮扶主体。",
    # --- core: navigation --------------------------------------------------------------
    "Households": "贫困户",
    "Helpers": "帮扶主体",
    # --- core: spreadsheet module (excel.py): messages about the user's own upload -------
    "The file could not be read as a spreadsheet: it may be damaged or password-protected. "
    "Open it in Excel or WPS, save it as .xlsx and upload it again.": (
        "无法将该文件作为电子表格读取：文件可能已损坏或设置了密码保护。"
        "请用 Excel 或 WPS 打开该文件，另存为 .xlsx 格式后重新上传。"
    ),
    "The file is not a spreadsheet: upload an .xlsx, .xls or .csv file.": (
        "该文件不是电子表格：请上传 .xlsx、.xls 或 .csv 文件。"
    ),
    "The file is empty.": "该文件是空的。",
    "The file is %(size)s MB, larger than the %(limit)s MB limit.": (
        "该文件大小为 %(size)s MB，超过了 %(limit)s MB 的上限。"
    ),
    "This file is named like an Excel file but is not a real Excel file: it contains plain "
    "text (perhaps a CSV or web page that was renamed). Open it in Excel or WPS, save it as "
    ".xlsx and upload it again.": (
        "该文件的扩展名是 Excel 格式，但它并不是真正的 Excel 文件：其内容是纯文本"
        "（可能是改了扩展名的 CSV 文件或网页）。请用 Excel 或 WPS 打开该文件，"
        "另存为 .xlsx 格式后重新上传。"
    ),
    "The workbook has more than %(limit)s parts; it is refused as unsafe.": (
        "该工作簿包含的部件超过 %(limit)s 个，出于安全考虑，系统拒绝接收。"
    ),
    "Binary Excel workbooks (.xlsb) are not accepted. Open the file in Excel, save it as "
    ".xlsx and upload it again.": (
        "不接受 Excel 二进制工作簿（.xlsb）。请用 Excel 打开该文件，另存为 .xlsx 格式后重新上传。"
    ),
    "The file is a zip archive but not an Excel workbook. Upload an .xlsx, .xls or .csv file.": (
        "该文件是 zip 压缩包，而不是 Excel 工作簿。请上传 .xlsx、.xls 或 .csv 文件。"
    ),
    "The workbook unpacks to more than %(limit)s MB; it is refused as unsafe. Split it into "
    "smaller files.": (
        "该工作簿解压后超过 %(limit)s MB，出于安全考虑，系统拒绝接收。请将其拆分为几个较小的文件。"
    ),
    "The workbook links to other workbooks (external links), so its values may be out of "
    "date. Copy the data and use Paste Special → Values into a new workbook, then upload "
    "that.": (
        "该工作簿链接了其他工作簿（外部链接），其中的数值可能不是最新的。"
        "请复制数据，用“选择性粘贴 → 数值”粘贴到一个新工作簿中，再上传这个新工作簿。"
    ),
    "The workbook is compressed far more than a real spreadsheet (a possible zip bomb); it "
    "is refused as unsafe.": (
        "该工作簿的压缩比远高于正常的电子表格（可能是“压缩炸弹”），出于安全考虑，系统拒绝接收。"
    ),
    "Macro-enabled workbooks are not accepted. Save the file as a plain .xlsx workbook "
    "(without macros) and upload it again.": (
        "不接受启用宏的工作簿。请将文件另存为普通的 .xlsx 工作簿（不含宏）后重新上传。"
    ),
    "“%(value)s” is not a date; write it like 2017-04-20.": (
        "“%(value)s”不是日期，请按 2017-04-20 的格式填写。"
    ),
    # %(template)s is another import template's Chinese title, e.g. 帮扶主体.
    "This file looks like the “%(template)s” template, not this one; import it there "
    "instead. Missing columns: %(missing)s.": (
        "该文件看起来是“%(template)s”模板，而不是本模板，请到该模板对应的页面导入。"
        "缺少的列：%(missing)s。"
    ),
    "The file is missing the required columns: %(missing)s. Check that the header row is "
    "within the first rows of the sheet.": (
        "该文件缺少必需的列：%(missing)s。请检查表头行是否位于工作表的前几行。"
    ),
    "The sheet is too large to read: it has more cells than the server reads at once, or a "
    "stray value far below or to the right of the data. Delete the rows and columns after "
    "the data (or copy the data to a new workbook) and upload it again.": (
        "工作表太大，无法读取：单元格数量超过了服务器一次能读取的上限，"
        "或者在数据下方或右侧很远的地方有零散的内容。"
        "请删除数据之后的多余行和列（或将数据复制到一个新工作簿中）后重新上传。"
    ),
    "The workbook has no sheet named “%(name)s”.": "该工作簿中没有名为“%(name)s”的工作表。",
    "The column “%(name)s” appears more than once in the header row; keep only one.": (
        "表头行中的“%(name)s”列出现了不止一次，请只保留一列。"
    ),
    # Sheet names of a downloaded import template (a sheet name has at most 31 characters).
    "Data": "数据",
    "Example row: delete it before importing.": "示例行：导入前请删除此行。",
    "Notes": "填写说明",
    # --- core: import forms, import runs -----------------------------------------------
    "Spreadsheet (.xlsx, .xls or .csv)": "电子表格（.xlsx、.xls 或 .csv）",
    "Import only the valid rows (skip the bad ones)": "只导入无误的行（跳过有问题的行）",
    "Reason for exporting full numbers": "导出完整号码的事由（将记入审计日志）",
    "The file has a header but no data rows.": "该文件只有表头，没有数据行。",
    "%(n)d problem(s) found; nothing was imported. Correct the file and upload it again.": (
        "发现 %(n)d 处问题，未导入任何数据。请修改文件后重新上传。"
    ),
    "Imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.": (
        "导入完成：新增 %(created)d 条，更新 %(updated)d 条，%(unchanged)d 条无变化。"
    ),
    # Appended to the previous message when only the valid rows were imported.
    "%(n)d problem(s) skipped.": "有问题的行已跳过（共 %(n)d 处问题）。",
    # Columns of the downloadable error report (and of the on-page problem table).
    "Row": "行号",
    "Problems": "问题",
    "Problems in %(file)s": "%(file)s 问题清单",
    # Import job status.
    "queued": "排队中",
    "running": "正在导入",
    "imported": "已导入",
    "not imported": "未导入",
    # --- core: cell parsers (parsing.py): the reason after “row, column, value:” --------
    "write 是 or 否": "请填写“是”或“否”",
    "not a whole number": "不是整数",
    "must be at least %(n)d": "不能小于 %(n)d",
    "must be at most %(n)d": "不能大于 %(n)d",
    "not a number": "不是数字",
    "cannot be negative": "不能为负数",
    "too small": "数值太小",
    "at most %(n)d decimal places": "最多保留 %(n)d 位小数",
    "unknown value; use one of: %(values)s": "无法识别的值，请填写以下之一：%(values)s",
    # --- core: validators (validators.py): messages about the user's own entry ----------
    # %(field)s is the field or column label (e.g. 户主身份证号), %(value)s what was entered.
    "Resident ID number": "身份证号",
    "Unified social credit code": "统一社会信用代码",
    "Mobile number": "手机号码",
    "%(field)s: “%(value)s” is not a valid resident ID number: the spreadsheet cell was "
    "stored as a number and lost digits. Format the column as text and enter the number "
    "again.": (
        "%(field)s：“%(value)s”不是有效的身份证号：表格中该单元格被存成了数字，部分位数已丢失。"
        "请将该列设置为文本格式，然后重新输入号码。"
    ),
    "%(field)s: a resident ID number is required.": "%(field)s：请填写身份证号。",
    "%(field)s: “%(value)s” is not a valid resident ID number: the first 17 characters must "
    "all be digits.": "%(field)s：“%(value)s”不是有效的身份证号：前 17 位必须都是数字。",
    "%(field)s: “%(value)s” is not a valid resident ID number: the last character must be a "
    "digit or X.": "%(field)s：“%(value)s”不是有效的身份证号：最后一位必须是数字或 X。",
    "%(field)s: “%(value)s” is not a valid resident ID number: %(birth_date)s is not a valid "
    "date of birth.": (
        "%(field)s：“%(value)s”不是有效的身份证号：%(birth_date)s 不是有效的出生日期。"
    ),
    "%(field)s: “%(value)s” is not a valid resident ID number: the date of birth "
    "%(birth_date)s is before 1900-01-01.": (
        "%(field)s：“%(value)s”不是有效的身份证号：出生日期 %(birth_date)s 早于 1900-01-01。"
    ),
    "%(field)s: “%(value)s” is not a valid resident ID number: the date of birth "
    "%(birth_date)s is in the future.": (
        "%(field)s：“%(value)s”不是有效的身份证号：出生日期 %(birth_date)s 晚于今天。"
    ),
    # %(region)s is the number's first six digits (the address code, GB/T 2260).
    "%(field)s: “%(value)s” is not a valid resident ID number: %(region)s is not a known "
    "region code.": (
        "%(field)s：“%(value)s”不是有效的身份证号：%(region)s 不是已知的行政区划代码。"
    ),
    "%(field)s: “%(value)s” is not a valid resident ID number: the check character should "
    "be %(expected)s.": ("%(field)s：“%(value)s”不是有效的身份证号：校验码应为 %(expected)s。"),
    "%(field)s: a unified social credit code is required.": "%(field)s：请填写统一社会信用代码。",
    "%(field)s: “%(value)s” is not a valid unified social credit code: the character "
    "“%(char)s” at position %(position)d is not allowed (only digits and capital letters "
    "other than I, O, S, V and Z).": (
        "%(field)s：“%(value)s”不是有效的统一社会信用代码：第 %(position)d 位的字符“%(char)s”"
        "不允许使用（只能是数字或除 I、O、S、V、Z 以外的大写字母）。"
    ),
    "%(field)s: “%(value)s” is not a valid unified social credit code: 0 is not a "
    "registration authority code.": (
        "%(field)s：“%(value)s”不是有效的统一社会信用代码：登记管理部门代码（第 1 位）不能为 0。"
    ),
    "%(field)s: “%(value)s” is not a valid unified social credit code: 0 is not an entity "
    "type code.": (
        "%(field)s：“%(value)s”不是有效的统一社会信用代码：机构类别代码（第 2 位）不能为 0。"
    ),
    "%(field)s: “%(value)s” is not a valid unified social credit code: characters 3 to 8 "
    "must be a 6-digit region code.": (
        "%(field)s：“%(value)s”不是有效的统一社会信用代码：第 3 至 8 位必须是 6 位数字的行政区划代码。"
    ),
    "%(field)s: “%(value)s” is not a valid unified social credit code: the check character "
    "should be %(expected)s.": (
        "%(field)s：“%(value)s”不是有效的统一社会信用代码：校验码应为 %(expected)s。"
    ),
    "%(field)s: a mobile number is required.": "%(field)s：请填写手机号码。",
    "%(field)s: “%(value)s” is not a valid mobile number: only mainland China numbers (+86) "
    "are accepted.": ("%(field)s：“%(value)s”不是有效的手机号码：只接受中国大陆手机号码（+86）。"),
    "%(field)s: “%(value)s” is not a valid mobile number: it may contain only digits, "
    "spaces, hyphens and a +86 prefix.": (
        "%(field)s：“%(value)s”不是有效的手机号码：只能包含数字、空格、连字符和 +86 前缀。"
    ),
    "%(field)s: “%(value)s” is not a valid mobile number: it looks like a landline number "
    "with an area code; a mobile number is required.": (
        "%(field)s：“%(value)s”不是有效的手机号码：这看起来是带区号的固定电话号码，请填写手机号码。"
    ),
    "%(field)s: “%(value)s” is not a valid mobile number: mainland mobile numbers start "
    "with 13 to 19.": (
        "%(field)s：“%(value)s”不是有效的手机号码：中国大陆手机号码以 13 至 19 开头。"
    ),
    # --- helpers: filter form, models, services, views ---------------------------------
    "Search": "搜索",
    # Helper search: the code is the unified social credit code.
    "name, pinyin initials or code": "名称、拼音首字母或统一社会信用代码",
    "Kind": "类型",
    "all": "全部",
    "Industry": "行业",
    "Sort": "排序",
    "capacity, largest": "计划帮扶村数（从多到少）",
    # Import check of the helpers file: the code is the unified social credit code.
    "the same code is listed twice (row %(row)d)": ("统一社会信用代码重复（与第 %(row)d 行相同）"),
    "research collective enterprise": "科研集体企业",
    "private enterprise": "民营企业",
    "industry association": "行业协会",
    "chamber of commerce": "异地商会",
    "farmers' association or co-operative": "农民协会或合作社",
    # Shared by helper kinds, poverty causes and relations to the head.
    "other": "其他",
    "unified social credit code": "统一社会信用代码",
    "industry": "行业",
    "strengths": "优势",
    "villages it means to help": "计划帮扶村数",
    "liaison": "联络人",
    "liaison phone": "联络电话",
    "helpers": "帮扶主体",
    "%(name)s already has this code.": "“%(name)s”已使用此统一社会信用代码。",
    "The helper has been saved.": "帮扶主体信息已保存。",
    "New helper": "新建帮扶主体",
    # --- registry: filter forms --------------------------------------------------------
    # Household status filter: 脱贫 is a household's exit; the village filter reuses
    # “exited” (出列), so it reads for both.
    "not exited": "未脱贫",
    "exited": "已脱贫退出",
    "village, descending": "村（倒序）",
    "year registered": "纳入年份",
    "year registered, newest": "纳入年份（由近及远）",
    "household size": "家庭人口",
    "household size, largest": "家庭人口（从多到少）",
    "name, ID number or pinyin initials of the head or the village": (
        "户主姓名、身份证号，或户主、村名的拼音首字母"
    ),
    "Township code": "乡镇代码",
    "Village code": "村代码",
    "Status": "状态",
    "Poverty cause": "致贫原因",
    "Selected for tech help": "科技帮扶对象",
    "Monitoring": "监测状态",
    "village name, pinyin initials or code": "村名、拼音首字母或区划代码",
    "registered poor, not exited": "贫困村（未出列）",
    "not registered poor": "非贫困村",
    "Workstation present": "有村级科技服务工作站",
    "Demonstration village": "示范村",
    "code, descending": "区划代码（倒序）",
    "most poor households": "贫困户数（从多到少）",
    "nearest to the county seat": "距县城（由近到远）",
    "Now %(masked)s; leave empty to keep it.": "当前为 %(masked)s；留空则保持不变。",
    "head's resident ID number": "户主身份证号",
    "poverty causes": "致贫原因",
    "resident ID number": "身份证号",
    "ID number": "身份证号",
    "Reason": "事由",
    # --- registry: import checks (io.py): the reason after “row, column, value:” --------
    "unknown village code, or a village outside your county": (
        "村代码不存在，或该村不在您所在的县(区)"
    ),
    "the name does not match village code %(code)s (%(name)s)": (
        "村名称与村代码 %(code)s（%(name)s）不一致"
    ),
    "give the village code (or a village name)": "请填写村代码（或村名称）",
    "unknown village name": "找不到该村名称",
    "%(n)d villages have this name; give the village code": "有 %(n)d 个村同名，请填写村代码",
    "the head's name is empty": "户主姓名为空",
    "a household exits after it was registered": "脱贫年份不能早于纳入年份",
    "the member's name is empty": "成员姓名为空",
    "the member marked 户主 must have the head's ID number": (
        "与户主关系为“户主”的成员，身份证号必须与户主身份证号相同"
    ),
    "differs from row %(row)d of the same household": "与同一户第 %(row)d 行填写的不一致",
    "the same member is listed twice (row %(row)d)": "同一成员重复填写（与第 %(row)d 行相同）",
    "this person is also listed in another household (row %(row)d)": (
        "此人也填写在其他户中（第 %(row)d 行）"
    ),
    "each household lists exactly one member as 户主 (found %(n)d)": (
        "每户必须有且只有一名成员的与户主关系为“户主”（本户有 %(n)d 名）"
    ),
    "the household size is %(size)d but %(n)d members are listed": (
        "家庭人口为 %(size)d 人，但填写了 %(n)d 名成员"
    ),
    "this person is already a member of another household in the registry": (
        "此人已是档案中其他户的家庭成员"
    ),
    "poor households cannot outnumber all households": "贫困户数不能大于总户数",
    "poor people cannot outnumber all people": "贫困人口不能大于总人口",
    # The row has an exit date (出列日期) but is not a registered poor village.
    "only a registered poor village can exit": "只有贫困村才能出列（非贫困村请勿填写出列日期）",
    "a village exits after it was registered": "出列日期不能早于纳入年份",
    "the same village is listed twice (row %(row)d)": "同一个村重复填写（与第 %(row)d 行相同）",
    # --- registry: models --------------------------------------------------------------
    # Poverty causes (致贫原因): the national registry's labels.
    "illness": "因病",
    "disability": "因残",
    "schooling": "因学",
    "disaster": "因灾",
    "lack of land": "缺土地",
    "lack of water": "缺水",
    "lack of skills": "缺技术",
    "lack of labour": "缺劳力",
    "lack of capital": "缺资金",
    "poor transport": "交通条件落后",
    "own lack of drive": "自身发展动力不足",
    # Monitoring status (监测状态).
    "not monitored": "未纳入监测",
    "unstable exited household": "脱贫不稳定户",
    "marginal household at risk": "边缘易致贫户",
    "sudden severe difficulty": "突发严重困难户",
    "risk removed": "已消除风险",
    # Village profile (村情档案) fields.
    "registered poor village": "建档立卡贫困村",
    "exited on": "出列日期",
    # Also Household's verbose_name_plural (not shown in the UI); as a field it is the
    # village's total number of households.
    "households": "总户数",
    "poor households": "贫困户数",
    "people": "总人口",
    "poor people": "贫困人口",
    "labour force": "劳动力",
    "arable land (mu)": "耕地面积(亩)",
    "forest (mu)": "林地面积(亩)",
    "grassland (mu)": "草场面积(亩)",
    "main industries": "主导产业",
    "resources and advantages": "资源优势",
    "tags": "标签",
    "comma-separated": "用逗号分隔",
    "distance to the county seat (km)": "距县城(公里)",
    "village workstation present": "有村级科技服务工作站",
    "demonstration village": "示范村",
    "village profile": "村情档案",
    "village profiles": "村情档案",
    "Poor households cannot outnumber all households.": "贫困户数不能大于总户数。",
    "Poor people cannot outnumber all people.": "贫困人口不能大于总人口。",
    "A village exits after it was registered.": "出列日期不能早于纳入年份。",
    "Only a registered poor village can exit.": "只有贫困村才能出列，非贫困村请勿填写出列日期。",
    # Household (建档立卡贫困户) fields.
    "household number": "户编号",
    # Both the head's name field and the relation 户主.
    "head of household": "户主",
    "year exited": "脱贫年份",
    "selected for tech help": "科技帮扶对象",
    "monitoring status": "监测状态",
    "household": "贫困户",
    "A household exits after it was registered.": "脱贫年份不能早于纳入年份。",
    # Income (人均纯收入) of one year.
    "year": "年份",
    "per-capita net income (yuan)": "人均纯收入(元)",
    "income": "人均纯收入",
    "incomes": "人均纯收入",
    # Member (家庭成员): relation to the head, as the registry writes them.
    "spouse": "配偶",
    "child": "子女",
    "grandchild": "孙子女",
    "grandparent": "祖父母",
    "sibling": "兄弟姐妹",
    "son- or daughter-in-law": "儿媳女婿",
    "male": "男",
    "female": "女",
    "illiterate or semi-literate": "文盲或半文盲",
    "primary school": "小学",
    "junior secondary": "初中",
    "senior secondary or vocational": "高中或中专",
    "college or above": "大专及以上",
    "preschool": "学龄前儿童",
    "healthy": "健康",
    "long-term illness": "长期慢性病",
    "serious illness": "患有大病",
    "disabled": "残疾",
    "able to work": "普通劳动力",
    "partly able": "弱劳动力或半劳动力",
    "unable to work": "丧失劳动力",
    "not of working age": "无劳动力",
    "at home": "在家",
    "working away": "外出务工",
    "in school": "在校生",
    "relation to head": "与户主关系",
    "sex": "性别",
    "birth date": "出生日期",
    "education": "文化程度",
    "health": "健康状况",
    "labour ability": "劳动能力",
    "working away or in school": "务工或在校",
    "member": "家庭成员",
    "members": "家庭成员",
    # --- registry: services, views -----------------------------------------------------
    "Another household (%(ref)s) has this head's ID number.": (
        "另一户（户编号 %(ref)s）已登记此户主身份证号。"
    ),
    "This person is already a member of household %(ref)s.": (
        "此人已是户编号 %(ref)s 的家庭成员。"
    ),
    "Give a reason (at least 4 characters) for seeing the full number.": (
        "请填写查看完整号码的事由（至少 4 个字）。"
    ),
    "The village profile has been saved.": "村情档案已保存。",
    "The household has been saved.": "贫困户信息已保存。",
    "New household": "新建贫困户",
    "The member has been saved.": "家庭成员信息已保存。",
    # --- templates: history, spreadsheet buttons, imports, exports ---------------------
    "History": "变更历史",
    "No changes recorded.": "暂无变更记录。",
    "Spreadsheets": "电子表格",
    "Export .xlsx": "导出 .xlsx",
    "Export .csv": "导出 .csv",
    "Import": "导入",
    "%(n)s rows read": "已读取 %(n)s 行",
    "Progress": "进度",
    "Download the problem rows, marked": "下载有问题的行（已标注问题）",
    "Column": "列",
    "Value": "填写内容",
    "Problem": "问题",
    "%(n)s problems in all; the downloaded list has every one.": (
        "共 %(n)s 处问题，下载的清单中列出了全部问题。"
    ),
    "Back to the list": "返回列表",
    "Import another file": "导入其他文件",
    "Export with full numbers": "导出完整号码",
    "Export": "导出",
    "Every row is checked before anything is written. A file with problems is not imported "
    "unless you choose to import only the valid rows; importing the same file again changes "
    "nothing.": (
        "写入前会逐行检查。文件有问题时不会导入，除非您选择只导入无误的行；"
        "重复导入同一文件不会产生任何变化。"
    ),
    "Download the template": "下载模板",
    "Check and import": "检查并导入",
    "Your recent imports": "您最近的导入",
    # --- templates: helpers ------------------------------------------------------------
    "Edit": "编辑",
    "Strengths": "优势",
    "Villages it means to help": "计划帮扶村数",
    "Liaison": "联络人",
    # Column with the number of villages a helper means to help.
    "Capacity": "计划帮扶村数",
    "Liaison phone": "联络电话",
    "No helper matches.": "没有符合条件的帮扶主体。",
    # --- templates: registry -----------------------------------------------------------
    "Head's ID number": "户主身份证号",
    "Phone": "联系电话",
    "Household size": "家庭人口",
    "Poverty causes": "致贫原因",
    "Year registered / exited": "纳入年份 / 脱贫年份",
    "Monitoring status": "监测状态",
    "Show in full": "查看完整号码",
    "Reason (recorded)": "事由（将记入审计日志）",
    "Show": "查看",
    "Members": "家庭成员",
    "Add member": "添加家庭成员",
    "Relation": "与户主关系",
    "Sex": "性别",
    "Birth date": "出生日期",
    "Education": "文化程度",
    "Health": "健康状况",
    "Labour ability": "劳动能力",
    "No members recorded.": "暂无家庭成员记录。",
    "Per-capita net income (yuan)": "人均纯收入(元)",
    "None recorded.": "暂无记录。",
    "Poor households": "建档立卡贫困户",
    "Head": "户主",
    "Village": "村",
    "Township": "乡镇",
    # Household size (persons).
    "Size": "家庭人口",
    "Year registered": "纳入年份",
    "Year exited": "脱贫年份",
    "Tech help": "科技帮扶对象",
    "No household matches.": "没有符合条件的贫困户。",
    "Registered poor village": "建档立卡贫困村",
    "Exited on": "出列日期",
    "Households (poor)": "总户数(贫困户数)",
    "People (poor)": "总人口(贫困人口)",
    "Labour force": "劳动力",
    "Arable / forest / grassland (mu)": "耕地 / 林地 / 草场面积(亩)",
    "Main industries": "主导产业",
    "Resources and advantages": "资源优势",
    "Distance to the county seat (km)": "距县城(公里)",
    "Village workstation": "村级科技服务工作站",
    "No households registered.": "暂无建档立卡贫困户。",
    "Pairings of this village appear here once the pairing part is open.": (
        "结对帮扶功能开放后，本村的结对帮扶情况将显示在这里。"
    ),
    "Village profiles": "村情档案",
    # Village-list column: yes/no, a registered poor village (贫困村).
    "Registered poor": "贫困村",
    "Distance (km)": "距县城(公里)",
    "No village matches.": "没有符合条件的村。",
    # Pairings (issue 4): pairing 结对帮扶, agreement 帮扶协议, plan 帮扶规划, relay 接力帮扶,
    # site visit 考察调研, coverage 覆盖, focus 帮扶重点, slot 帮扶席位.
    "file name": "文件名",
    "stored file": "存档文件",
    "stored files": "存档文件",
    "the file": "该文件",
    "%(name)s is empty.": "%(name)s 是空文件。",
    "%(name)s is %(size).1f MB; files of at most %(limit)d MB are accepted.": "%(name)s 大小为 %(size).1f MB，只接受不超过 %(limit)d MB 的文件。",
    "%(name)s is not a PDF or an image (JPEG, PNG, WebP, TIFF).": "%(name)s 不是 PDF 或图片（JPEG、PNG、WebP、TIFF）。",
    "pairings": "结对帮扶",
    "helper or village": "帮扶主体或村",
    "open (not ended)": "未结束",
    "start, newest": "开始日期(最新)",
    "status": "状态",
    "Helper": "帮扶主体",
    "Focus": "帮扶重点",
    "Content": "帮扶内容",
    "Pathways": "帮扶途径",
    "Start date": "开始日期",
    "Planned end date": "计划结束日期",
    "leave empty: until the village exits poverty": "不填：至该村脱贫出列",
    "Reason for going past the helper's capacity": "超出帮扶主体帮扶能力的理由",
    "needed only when the helper already has as many villages as it declared": "仅当帮扶主体已达到其申报的帮扶村数时填写",
    "Reason for pairing a village that is not (or no longer) poor": "结对非贫困村(或已出列村)的理由",
    "county office only": "仅限县扶贫办",
    "Signed agreement (PDF or image)": "签字盖章的帮扶协议(PDF 或图片)",
    "Signed on": "签订日期",
    "Signed for the helper by": "甲方签字人",
    "Signed for the village by": "乙方签字人",
    "Date": "日期",
    "Reported on": "报告日期",
    "Value reached so far": "截至目前完成值",
    "Evidence (PDF or images)": "佐证材料(PDF 或图片)",
    "Visited on": "考察日期",
    "Who went": "考察人员",
    "What they found": "考察情况",
    "Photos and files (PDF or images)": "照片和材料(PDF 或图片)",
    "Successor (USCC)": "接力帮扶主体(统一社会信用代码)",
    ("pathway", "charity"): "公益帮扶",
    ("pathway", "technology"): "科技帮扶",
    ("pathway", "employment"): "就业帮扶",
    ("pathway", "industry"): "产业帮扶",
    ("pathway", "commerce"): "商贸帮扶",
    ("pathway", "other"): "其他帮扶",
    "proposed": "已提出",
    "agreed": "已商定",
    "active": "进行中",
    "suspended": "已暂停",
    "ended": "已结束",
    "relayed": "已接力",
    "agreement number": "协议编号",
    "focus": "帮扶重点",
    "content": "帮扶内容",
    "pathways": "帮扶途径",
    "slot": "帮扶席位",
    "start date": "开始日期",
    "planned end date": "计划结束日期",
    "active since": "生效日期",
    "ended on": "结束日期",
    "reason for ending": "结束原因",
    "takes over from": "接替",
    "reason for going past the helper's capacity": "超出帮扶能力的理由",
    "reason for pairing a village that is not (or no longer) poor": "结对非贫困村的理由",
    "pairing": "结对帮扶",
    "signed on": "签订日期",
    "signed scan": "签字扫描件",
    "signed for the helper by": "甲方签字人",
    "signed for the village by": "乙方签字人",
    "agreement": "帮扶协议",
    "agreements": "帮扶协议",
    "visited on": "考察日期",
    "who went": "考察人员",
    "what they found": "考察情况",
    "files": "文件",
    "site visit": "考察调研",
    "site visits": "考察调研",
    "not due": "未到期",
    "on track": "推进中",
    "late": "逾期",
    "done": "已完成",
    "what": "帮扶事项",
    "how": "帮扶方式",
    "target indicator": "目标指标",
    "target value": "目标值",
    "unit": "单位",
    "due date": "完成时限",
    "achieved": "已完成值",
    "done on": "完成日期",
    "inherited from": "继承自",
    "plan item": "帮扶规划事项",
    "plan items": "帮扶规划事项",
    "reported on": "报告日期",
    "value reached": "完成值",
    "evidence": "佐证材料",
    "progress update": "进展报告",
    "progress updates": "进展报告",
    "open": "待处理",
    "handing over": "交接中",
    "handed over": "已交接",
    "cancelled": "已取消",
    "why the helper cannot continue": "无法继续帮扶的原因",
    "state": "状态",
    "successor pairing": "接力结对",
    "closed on": "关闭日期",
    "relay": "接力帮扶",
    "relays": "接力帮扶",
    "No programme is marked current; the city office sets one.": "尚未设定当前帮扶行动，请市合作交流办设定。",
    "%(village)s already has %(n)d helpers (%(names)s); a village may have at most %(max)d. End or relay one of them first.": "%(village)s 已有 %(n)d 个帮扶主体（%(names)s），每村至多 %(max)d 个。请先结束或接力其中之一。",
    "%(village)s has other helpers (%(names)s): state this helper's own focus.": "%(village)s 已有其他帮扶主体（%(names)s）：请填写本帮扶主体自己的帮扶重点。",
    "%(helper)s already has the focus “%(focus)s” in this village.": "%(helper)s 在本村的帮扶重点已是“%(focus)s”。",
    "With more than one helper, each pairing states its own content.": "一村多企帮扶时，各帮扶主体须明确各自的帮扶内容。",
    "%(helper)s already has an open pairing with %(village)s (%(number)s).": "%(helper)s 与 %(village)s 已有未结束的结对（%(number)s）。",
    "%(helper)s means to help %(capacity)d villages and already has %(load)d. Confirm with a reason to go past it.": "%(helper)s 申报帮扶 %(capacity)d 个村，已结对 %(load)d 个。如需超出，请填写理由确认。",
    "%(village)s is not a registered poor village or has exited; only the county office may pair it, with a reason.": "%(village)s 不是建档立卡贫困村或已出列；只有县扶贫办可以填写理由后结对。",
    "Only the county office may pair a village that is not (or no longer) poor.": "只有县扶贫办可以结对非贫困村(或已出列村)。",
    "The planned end comes after the start.": "计划结束日期应晚于开始日期。",
    "Choose a village.": "请选择村。",
    "This pairing has ended; it can no longer be changed.": "该结对已结束，不能再修改。",
    "The plan item “%(item)s” is due on %(due)s, before this start.": "帮扶规划事项“%(item)s”的完成时限为 %(due)s，早于该开始日期。",
    "Only a proposed pairing can be agreed.": "只有已提出的结对才能确认商定。",
    "The signing date cannot be in the future.": "签订日期不能晚于今天。",
    "Only a proposed or agreed pairing can become active (this one is %(status)s).": "只有已提出或已商定的结对才能生效（该结对状态为%(status)s）。",
    "Upload the signed agreement first: a pairing becomes active only with it on file.": "请先上传签字盖章的帮扶协议：协议存档后结对才能生效。",
    "This pairing was changed meanwhile; reload the page.": "该结对已被他人修改，请刷新页面。",
    "Only an active pairing can be suspended.": "只有进行中的结对才能暂停。",
    "Give the reason.": "请填写原因。",
    "Only a suspended pairing can resume.": "只有已暂停的结对才能恢复。",
    "This pairing has already ended.": "该结对已经结束。",
    "Give the reason for ending.": "请填写结束原因。",
    "A pairing cannot end before it starts.": "结对不能在开始之前结束。",
    "the pairing ended": "结对已结束",
    "%(village)s (%(township)s) has no active helper": "%(village)s（%(township)s）已无进行中的帮扶主体",
    "%(helper)s stopped on %(date)s: %(reason)s": "%(helper)s 于 %(date)s 停止帮扶：%(reason)s",
    "This pairing has ended; its plan can no longer change.": "该结对已结束，帮扶规划不能再修改。",
    "Due on %(due)s, before the pairing starts (%(start)s).": "完成时限 %(due)s 早于结对开始日期（%(start)s）。",
    "A progress report cannot be dated in the future.": "进展报告日期不能晚于今天。",
    "The value reached cannot be negative.": "完成值不能为负数。",
    "A visit cannot be dated in the future.": "考察日期不能晚于今天。",
    "Only an active or suspended pairing can be relayed.": "只有进行中或已暂停的结对才能接力。",
    "Say why the helper cannot continue.": "请说明无法继续帮扶的原因。",
    "A relay for this pairing is already under way.": "该结对的接力帮扶已在办理中。",
    "%(helper)s cannot continue in %(village)s": "%(helper)s 无法继续帮扶 %(village)s",
    "This relay is no longer open.": "该接力帮扶已不在待处理状态。",
    "Choose another helper than the one leaving.": "请选择退出的帮扶主体以外的帮扶主体。",
    "%(helper)s is at its capacity (%(load)d of %(capacity)d villages); choose a helper with room left.": "%(helper)s 已达帮扶能力上限（%(load)d/%(capacity)d 个村），请选择尚有余力的帮扶主体。",
    "This relay is already closed.": "该接力帮扶已关闭。",
    "relay cancelled": "接力帮扶已取消",
    "Pairing %(number)s proposed.": "已提出结对 %(number)s。",
    "New pairing": "新建结对",
    "The pairing has been saved.": "结对已保存。",
    "The pairing is agreed; generate and sign the agreement.": "结对已商定，请生成并签订帮扶协议。",
    "The pairing is active.": "结对已生效。",
    "The pairing is active again.": "结对已恢复。",
    "End the pairing": "结束结对",
    "The pairing has ended.": "结对已结束。",
    "Suspend the pairing": "暂停结对",
    "The pairing is suspended.": "结对已暂停。",
    "Report that the helper cannot continue": "报告无法继续帮扶",
    "The relay has been reported to the county office and the institute.": "已向县扶贫办和研究院报告接力帮扶。",
    "PDF is not available on this server (LibreOffice is not installed); download the .docx instead.": "本服务器不能生成 PDF（未安装 LibreOffice），请下载 .docx。",
    "The signed agreement is on file.": "签字盖章的帮扶协议已存档。",
    "Signed agreement · %(pairing)s": "签字协议 · %(pairing)s",
    "The plan item has been saved.": "帮扶规划事项已保存。",
    "Plan item · %(pairing)s": "帮扶规划事项 · %(pairing)s",
    "Progress recorded.": "进展已记录。",
    "Progress · %(item)s": "进展 · %(item)s",
    "Target: %(value)s %(unit)s by %(due)s; reached so far: %(done)s.": "目标：%(due)s 前完成 %(value)s %(unit)s；目前已完成 %(done)s。",
    "The site visit has been recorded.": "考察调研已记录。",
    "New site visit": "新建考察调研",
    "The relay has been cancelled.": "接力帮扶已取消。",
    "No helper has this code.": "没有帮扶主体使用该代码。",
    "%(helper)s takes over; sign its agreement and activate it to complete the hand-over.": "由 %(helper)s 接力帮扶；签订其帮扶协议并使结对生效后完成交接。",
    "Notifications": "通知",
    "Poor villages with an active helper": "有帮扶主体的贫困村",
    "%(c)s covered, %(u)s without a helper": "已覆盖 %(c)s 个，%(u)s 个无帮扶主体",
    "Mark all read": "全部标为已读",
    "No notifications.": "暂无通知。",
    "%(load)s open pairings, declared capacity %(capacity)s": "未结束结对 %(load)s 个，申报帮扶能力 %(capacity)s 个村",
    "Slot": "席位",
    "Agreement number": "协议编号",
    "Period": "帮扶期间",
    "Plan": "帮扶规划",
    "No pairings.": "暂无结对。",
    "Coverage": "帮扶覆盖",
    "Coverage of the poor villages": "贫困村帮扶覆盖情况",
    "A poor village is a registered poor village that has not exited; it is covered when at least one pairing is active.": "贫困村指尚未出列的建档立卡贫困村；至少有一个进行中的结对即为已覆盖。",
    "Poor villages": "贫困村",
    "Covered": "已覆盖",
    "Active pairings": "进行中的结对",
    "Helpers per covered village": "已覆盖村平均帮扶主体数",
    "Full (5 helpers)": "已满(5个帮扶主体)",
    "Uncovered": "未覆盖",
    "Total": "合计",
    "By township": "按乡镇",
    "Poor villages without an active helper": "无帮扶主体的贫困村",
    "Last covered until": "上次帮扶截止",
    "Days uncovered": "未覆盖天数",
    "Pairings in preparation": "筹备中的结对",
    "never covered": "从未结对",
    "Find a helper": "找帮扶主体",
    "Every poor village has an active helper.": "所有贫困村都有帮扶主体。",
    "slot %(n)s of 5": "第 %(n)s 席(共 5 席)",
    "Terms agreed": "确认商定",
    "Upload the signed agreement first": "请先上传签字协议",
    "Activate": "生效",
    "Resume": "恢复",
    "Suspend": "暂停",
    "Cannot continue: relay": "无法继续：接力帮扶",
    "End": "结束",
    "Parties": "协议各方",
    "until the village exits poverty": "至该村脱贫出列",
    "Active since": "生效日期",
    "Ended on": "结束日期",
    "Past capacity because": "超出帮扶能力的理由",
    "Paired although not poor because": "结对非贫困村的理由",
    "Takes over from": "接替",
    "Taken over by": "由以下结对接替",
    "Other helpers of this village": "本村其他帮扶主体",
    "Agreement (attachment 1)": "帮扶协议(附件1)",
    "Generate .docx": "生成 .docx",
    "Generate PDF": "生成 PDF",
    "Replace the signed scan": "更换签字扫描件",
    "Upload the signed scan": "上传签字扫描件",
    "Signed on %(d)s": "签订于 %(d)s",
    "No signed agreement on file yet: the pairing cannot become active.": "尚无签字盖章的帮扶协议存档：结对不能生效。",
    "What": "帮扶事项",
    "How": "帮扶方式",
    "Target": "目标",
    "Reached": "已完成",
    "Due": "完成时限",
    "State": "状态",
    "inherited": "继承",
    "Report progress": "报告进展",
    "No plan items yet.": "尚无帮扶规划事项。",
    "Add a plan item": "添加帮扶规划事项",
    "Site visits": "考察调研",
    "No site visit recorded.": "尚无考察调研记录。",
    "Relays": "接力帮扶",
    "Pairing list (attachment 5) .xlsx": "村企结对帮扶名单(附件5) .xlsx",
    "Agreement": "帮扶协议",
    "No pairing matches.": "没有符合条件的结对。",
    "Relay": "接力帮扶",
    "Pairing": "结对",
    "Why the helper cannot continue": "无法继续帮扶的原因",
    "Successor pairing": "接力结对",
    "The successor's pairing waits for its signed agreement; when it is activated, the old pairing ends the same day, so the village is never without a helper.": "接力结对等待签订帮扶协议；生效当天原结对即结束，本村不会出现无人帮扶的空档。",
    "Candidate helpers": "候选帮扶主体",
    "Helpers with room under their declared capacity, ranked by county, nearby county and how their industry and strengths fit the village.": "尚有帮扶余力的帮扶主体，按同县、邻县以及行业和优势与本村的匹配程度排序。",
    "Room left": "剩余能力",
    "Same county": "同县",
    "Nearby county": "邻县",
    "Fits": "匹配",
    "Hand over": "交接",
    "No helper has room left.": "没有尚有余力的帮扶主体。",
    "Hand over to this helper": "交由该帮扶主体接力",
    "Cancel the relay (the helper continues)": "取消接力(原帮扶主体继续帮扶)",
    "Cancel relay": "取消接力",
    "under way": "办理中",
    "Helper leaving": "退出的帮扶主体",
    "Successor": "接力帮扶主体",
    "No relay.": "暂无接力帮扶。",
    "Site visits before pairing": "结对前考察调研",
    "Files": "文件",
    "Propose a pairing": "提出结对",
    "%(used)s of %(limit)s places taken, %(free)s free": "已有 %(used)s 个帮扶主体(至多 %(limit)s 个)，尚余 %(free)s 个",
    "Add a helper": "增加帮扶主体",
    "Periods without an active helper": "无帮扶主体的时段",
    "No helper has the credit code {value}.": "没有统一社会信用代码为 {value} 的帮扶主体。",
    "Give the helper's credit code.": "请填写帮扶主体的统一社会信用代码。",
    "No village has the code {value}.": "没有代码为 {value} 的村。",
    "Give the village's 12-digit code.": "请填写村的12位区划代码。",
    "No such site visit.": "没有这条考察调研记录。",
    "— choose —": "— 请选择 —",
    # Assistance, forms 6 and 7, dashboard (issue 5)
    # assistance record 帮扶记录, measures 帮扶数据, period 统计期间 (半年度), confirmed 已确认,
    # re-open (a confirmed record) 撤销确认, re-open (a locked period) 重新开放,
    # industry project 产业项目, profit 收益, livestock 牲畜(头).
    "assistance": "帮扶记录",
    # --- assistance: forms -------------------------------------------------------------
    "Money and goods": "资金物资",
    "Training and jobs": "培训与就业",
    "Investment, purchases and loans": "投资、采购与贷款",
    "Volunteers and reach": "志愿服务与受益情况",
    "village or helper": "村或帮扶主体",
    "Pathway": "帮扶途径",
    "Helper (USCC)": "帮扶主体(统一社会信用代码)",
    "— none: help outside a pairing —": "— 无：结对以外的帮扶 —",
    "the helper and the village follow the pairing": "帮扶主体和村以所选结对为准",
    "a kind of the chosen pathway": "须为所选帮扶途径下的类型",
    "What was done": "帮扶内容",
    "money (yuan)": "资金(元)",
    "value of goods (yuan)": "物资折款(元)",
    "persons trained": "培训人次",
    # Also the indicator poor_trained (其中贫困人口).
    "of them poor": "其中贫困人口",
    # Also the indicator jobs (帮助就业).
    "jobs found": "帮助就业",
    "of them for poor persons": "其中贫困人口就业",
    "wages paid (yuan)": "工资性收入(元)",
    "investment (yuan)": "投资(元)",
    "purchases (yuan)": "采购金额(元)",
    "loans (yuan)": "贷款金额(元)",
    "loan rate (% a year)": "贷款年利率(%)",
    # Also the indicator volunteer_hours (志愿服务时长).
    "volunteer hours": "志愿服务时长",
    "households reached": "受益户数",
    "at least the number of beneficiary households ticked": "不少于所勾选的受益户数",
    "Beneficiary households": "受益户",
    "Photos, receipts (PDF or images)": "照片、收据(PDF 或图片)",
    # A liaison's village select: the villages its helper is paired with, then the others.
    "Villages of your pairings": "本单位结对的村",
    "Other villages": "其他村",
    "Choose a village (or a pairing).": "请选择村（或结对）。",
    "Choose the helper (or a pairing).": "请选择帮扶主体（或结对）。",
    "the half-year, e.g. 2017H2": "半年度，如 2017H2",
    "Household number": "户编号",
    "only for a village that reports per household": "仅按户报送的村填写",
    "area newly planted (mu)": "新增种植面积(亩)",
    "livestock newly brought in (head)": "新引进牲畜(头)",
    "profit earned in the period (yuan)": "本期收益(元)",
    "No household in your county has this number.": "本县(区)没有该户编号的贫困户。",
    # --- assistance: import checks (the reason after “row, column, value:”) ---------------
    "no helper has this credit code": "没有使用该统一社会信用代码的帮扶主体",
    "write the 12-digit village code": "请填写12位村代码",
    "no pairing has this number": "没有该协议编号的结对",
    "you may import only your own helper's records": "只能导入本单位的帮扶记录",
    "assistance is recorded by the helper's liaison or the county office": (
        "帮扶记录由帮扶企业联络人或县扶贫办录入"
    ),
    "unknown household number(s): %(refs)s": "户编号不存在：%(refs)s",
    "A record cannot be dated in the future.": "帮扶记录的日期不能晚于今天。",
    "Say what was done.": "请填写帮扶内容。",
    "no record of yours has this number; leave it empty to add a record": (
        "您的帮扶记录中没有该记录编号；新增记录请留空"
    ),
    "%(n)d records have this date, helper, village, kind and content (%(numbers)s); give the "
    "record number": (
        "有 %(n)d 条记录的日期、帮扶主体、村、帮扶类型和帮扶内容均相同（%(numbers)s），"
        "请填写记录编号"
    ),
    # %(status)s is the record's status (已提交 / 已确认 / 已被更正).
    "A %(status)s record cannot be edited; re-open it or record a correction.": (
        "%(status)s的帮扶记录不能修改，请撤销确认或录入更正记录。"
    ),
    "you may not change this record": "您无权修改该记录",
    "the same record as row %(row)d": "与第 %(row)d 行是同一条记录",
    # --- assistance: indicators (docs/INDICATORS.md) --------------------------------------
    "helpers taking part": "参与帮扶主体数",
    "villages helped": "帮扶村数",
    "of them registered poor villages": "其中建档立卡贫困村",
    # Also the model's verbose_name_plural.
    "assistance records": "帮扶记录",
    "money invested in industry": "产业投入",
    "charity money and goods": "公益投入",
    "money given": "帮扶资金",
    "value of goods given": "捐赠物资折款",
    "people trained": "培训人次",
    "jobs for poor people": "其中贫困人口就业",
    "wages paid": "工资性收入",
    "produce bought": "消费帮扶金额",
    "loans granted": "贷款金额",
    "poor households reached": "受益贫困户",
    "poor people reached": "受益贫困人口",
    # --- assistance: forms 6 and 7 (io.py) ------------------------------------------------
    "%(period)s has not begun yet; choose a period up to %(latest)s.": (
        "%(period)s 尚未开始，请选择 %(latest)s 及以前的统计期间。"
    ),
    "County %(code)s is not in your scope.": "县(区) %(code)s 不在您的权限范围内。",
    "Your account is not linked to a helper.": "您的账号未关联帮扶主体。",
    "You may see your own helper's forms only.": "您只能查看本单位的报表。",
    "No county has the code %(code)s.": "没有代码为 %(code)s 的县(区)。",
    "No township has the code %(code)s.": "没有代码为 %(code)s 的乡镇。",
    "Township %(township)s is not in county %(county)s.": (
        "乡镇 %(township)s 不属于县(区) %(county)s。"
    ),
    # The code is the unified social credit code.
    "No helper has the code %(code)s.": "没有统一社会信用代码为 %(code)s 的帮扶主体。",
    # --- assistance: models --------------------------------------------------------------
    # Kinds of help (帮扶类型) by pathway.
    "money donation": "捐款",
    "goods donation": "捐物",
    "help with schooling": "助学",
    "help for the elderly": "助老",
    "help for the disabled": "助残",
    "medical help": "助医",
    "training": "技能培训",
    "jobs": "提供就业岗位",
    "investment": "产业投资",
    "new business": "创办企业",
    "purchase": "采购",
    "consignment sale": "代销",
    "contract processing": "委托加工",
    "farm-to-business direct channel": "农企直通车",
    "public-private partnership": "政企合作(PPP)",
    "co-operative": "合作社",
    "support to a local entrepreneur": "扶持致富带头人",
    "staff stationed in the village": "选派人员驻村",
    "e-commerce": "电商扶贫",
    "volunteers": "志愿服务",
    "loan": "低息或无息贷款",
    "assistance fund": "产业帮扶基金",
    # Record status.
    "draft": "草稿",
    # Also in the confirm queue before the submission date (“已提交 2017-07-10”).
    "submitted": "已提交",
    "sent back": "已退回",
    "confirmed": "已确认",
    "superseded by a correction": "已被更正",
    "record number": "记录编号",
    "date": "日期",
    "period": "统计期间",
    "pathway": "帮扶途径",
    "what was done": "帮扶内容",
    "beneficiary households": "受益户",
    # The record that this (correcting) record corrects.
    "corrects": "所更正的记录",
    "note from the county office": "县扶贫办意见",
    "assistance record": "帮扶记录",
    "reason": "事由",
    "period lock": "统计期间锁定",
    "period locks": "统计期间锁定",
    "target area (mu)": "目标种植面积(亩)",
    "target livestock (head)": "目标牲畜数(头)",
    "target profit (yuan)": "目标收益(元)",
    "industry project": "产业项目",
    "industry projects": "产业项目",
    "project": "产业项目",
    "area planted (mu)": "种植面积(亩)",
    "livestock (head)": "牲畜(头)",
    "profit (yuan)": "收益(元)",
    "project progress": "项目进展",
    # --- assistance: project progress (project_services.py) -------------------------------
    "Write a number, e.g. 120.5.": "请填写数字，如 120.5。",
    "A figure cannot be negative.": "数值不能为负数。",
    "%(amount)s %(unit)s is more than one village can add in a half-year (at most %(max)s); "
    "check the unit and the digits.": (
        "%(amount)s %(unit)s 超出了一个村半年内可能新增的数量（最多 %(max)s），请检查单位和位数。"
    ),
    "Write a whole number.": "请填写整数。",
    "%(n)s is more than one village can add in a half-year.": (
        "%(n)s 超出了一个村半年内可能新增的数量。"
    ),
    # %(period)s is the period's label, e.g. 2016年下半年.
    "%(project)s began in %(year)d; %(period)s is before it.": (
        "%(project)s于 %(year)d 年开始，%(period)s早于项目开始时间。"
    ),
    "Progress cannot be recorded for a future period.": "不能录入未来统计期间的进展。",
    # e.g. 承德县2017年下半年的报表已通过审核并锁定……
    "%(county)s's %(period)s has been accepted and is locked; the city office must re-open "
    "it first.": ("%(county)s%(period)s的报表已通过审核并锁定，须先由市合作交流办重新开放。"),
    "Household %(ref)s (%(head)s) does not live in %(village)s.": (
        "户编号为 %(ref)s 的贫困户（户主%(head)s）不属于%(village)s。"
    ),
    "mu": "亩",
    "yuan": "元",
    "Enter the area, the livestock or the profit added.": "请填写新增种植面积、新引进牲畜或本期收益。",
    "%(village)s reports this project per household; choose the household.": (
        "%(village)s按户报送本项目，请填写户编号。"
    ),
    "%(village)s reports this project as a whole village; leave the household empty.": (
        "%(village)s按村整体报送本项目，户编号请留空。"
    ),
    # --- assistance: API (serializers.py) -------------------------------------------------
    "No pairing has the number {value}.": "没有协议编号为 {value} 的结对。",
    "Give the pairing's agreement number.": "请填写结对的协议编号。",
    "No household has the number %(refs)s.": "没有户编号为 %(refs)s 的贫困户。",
    # --- assistance: services --------------------------------------------------------------
    "%(county)s's %(period)s has been accepted and is locked; the city office must re-open "
    "it before records of that period change.": (
        "%(county)s%(period)s的报表已通过审核并锁定；须先由市合作交流办重新开放，"
        "才能修改该期间的帮扶记录。"
    ),
    "Write an amount in yuan, e.g. 12000.50.": "请以元为单位填写金额，如 12000.50。",
    "An amount cannot be negative.": "金额不能为负数。",
    "%(amount)s yuan is more than one record can hold (at most %(max)s yuan); check the unit "
    "(yuan, not 万元) and the digits.": (
        "%(amount)s 元超出了单条记录的上限（最多 %(max)s 元），请检查单位（元，不是万元）和位数。"
    ),
    "A count cannot be negative.": "数量不能为负数。",
    "%(n)s is more than one record can hold.": "%(n)s 超出了单条记录的上限。",
    "Write a rate in % a year, e.g. 4.35.": "请填写年利率（%），如 4.35。",
    "A loan rate is between 0 and 36% a year.": "贷款年利率应在 0 至 36% 之间。",
    "Poor persons trained (%(poor)d) cannot outnumber persons trained (%(all)d).": (
        "其中贫困人口（%(poor)d）不能多于培训人次（%(all)d）。"
    ),
    "Jobs for poor persons (%(poor)d) cannot outnumber jobs (%(all)d).": (
        "其中贫困人口就业（%(poor)d）不能多于帮助就业人数（%(all)d）。"
    ),
    "Choose one of the six pathways.": "请从六种帮扶途径中选择一种。",
    # %(pathway)s is the pathway's label (公益帮扶 …), %(kinds)s its kinds.
    "%(kind)s is not a kind of %(pathway)s help; choose one of: %(kinds)s.": (
        "“%(kind)s”不属于%(pathway)s，请从以下类型中选择：%(kinds)s。"
    ),
    "Pairing %(number)s is not this helper's with this village.": (
        "结对 %(number)s 不是该帮扶主体与该村的结对。"
    ),
    "Dated %(on)s, before pairing %(number)s began (%(start)s).": (
        "日期 %(on)s 早于结对 %(number)s 的开始日期（%(start)s）。"
    ),
    "Household %(ref)s does not live in %(village)s.": (
        "户编号为 %(ref)s 的贫困户不属于%(village)s。"
    ),
    "Only a draft or a record sent back can be submitted.": "只有草稿或已退回的记录才能提交。",
    "Only a submitted record can be confirmed.": "只有已提交的记录才能确认。",
    "Only a submitted record can be sent back.": "只有已提交的记录才能退回。",
    "Say what needs fixing.": "请说明需要修改的内容。",
    "Only a confirmed record can be re-opened.": "只有已确认的记录才能撤销确认。",
    "Give the reason for re-opening.": "请填写撤销确认的原因。",
    "Only a confirmed record is corrected by a new record.": "只有已确认的记录才能录入更正记录。",
    "Give the reason for re-opening the period.": "请填写重新开放该统计期间的原因。",
    # After a measure, e.g. 培训人次 40（其中贫困人口 25）.
    "(%(n)s poor)": "（其中贫困人口 %(n)s）",
    # --- assistance: views -----------------------------------------------------------------
    "Record assistance": "录入帮扶记录",
    "Record %(number)s submitted to the county office.": "帮扶记录 %(number)s 已提交县扶贫办。",
    "Record %(number)s saved as a draft; submit it when it is complete.": (
        "帮扶记录 %(number)s 已保存为草稿，填写完整后请提交。"
    ),
    "Edit record %(number)s": "修改帮扶记录 %(number)s",
    "Correction %(number)s of record %(old)s": "帮扶记录 %(old)s 的更正记录 %(number)s",
    # The next two follow “<record number>: ”.
    "Submitted to the county office.": "已提交县扶贫办。",
    "Confirmed: the record now counts.": "已确认，该记录计入统计。",
    "Send back to the recorder": "退回录入人",
    "What needs fixing": "需要修改的内容",
    "Sent back with your note.": "已退回，并附上您的意见。",
    "Re-open a confirmed record": "撤销确认",
    "Reason for re-opening": "撤销确认的原因",
    "Re-opened: the record is a draft again and no longer counts.": (
        "已撤销确认：该记录恢复为草稿，不再计入统计。"
    ),
    "Correction %(number)s drafted from %(old)s: change what was wrong and submit it; "
    "%(old)s counts until the correction is confirmed.": (
        "已根据 %(old)s 生成更正记录草稿 %(number)s：请修改有误之处后提交；"
        "更正记录确认前，%(old)s 仍计入统计。"
    ),
    # %(period)s is the period code, e.g. 2017H2.
    "Progress of %(village)s for %(period)s recorded.": "已录入%(village)s %(period)s 的项目进展。",
    "Progress of %(village)s for %(period)s replaced.": (
        "已更新%(village)s %(period)s 的项目进展（原数据已替换）。"
    ),
    "Progress · %(project)s": "项目进展 · %(project)s",
    "What the project added in the village in the half-year: the area newly planted, the "
    "livestock newly brought in and the profit earned in the period. Saving the same village "
    "and period again replaces its figures.": (
        "填写本项目在该村半年内新增的种植面积、新引进的牲畜和本期收益。"
        "同一村同一统计期间再次保存时，将替换原有数据。"
    ),
    # --- core: periods ---------------------------------------------------------------------
    "%(year)d first half": "%(year)d年上半年",
    "%(year)d second half": "%(year)d年下半年",
    "“%(code)s” is not a period; write the year and the half, e.g. 2017H2.": (
        "“%(code)s”不是有效的统计期间，请填写年份和半年，如 2017H2（2017年下半年）。"
    ),
    # --- dashboard: selectors ----------------------------------------------------------------
    ("unit", "yuan"): "元",
    ("unit", "person-times"): "人次",
    ("unit", "persons"): "人",
    ("unit", "households"): "户",
    ("unit", "hours"): "小时",
    ("unit", "records"): "条",
    ("unit", "helpers"): "个",
    ("unit", "villages"): "个",
    ("unit", "mu"): "亩",
    ("unit", "head"): "头",
    "All periods (cumulative)": "全部期间（累计）",
    "%(period)s (in progress)": "%(period)s（进行中）",
    # The dashboard's scope when no county is chosen.
    "the programme (all five counties)": "科企帮万村行动全部五个县(区)",
    "all periods (cumulative)": "全部期间（累计）",
    "%(label)s (%(start)s – %(end)s)": "%(label)s（%(start)s—%(end)s）",
    ("project measure", "area planted"): "种植面积",
    ("project measure", "livestock"): "牲畜",
    ("project measure", "profit in the first year"): "首年收益",
    ("project measure", "profit, all years"): "累计收益",
    # The map's coverage layer (a percentage).
    "poor villages covered": "贫困村覆盖率",
    "target": "目标",
    "% of the target": "%（占目标）",
    "no data in your scope": "您的权限范围内无数据",
    "not in the programme": "未纳入本行动",
    # --- templates: assistance ---------------------------------------------------------------
    "%(v)s has no registered household.": "%(v)s暂无建档立卡贫困户。",
    "Choose the village first: its registered households appear here.": (
        "请先选择村，该村的建档立卡贫困户将显示在这里。"
    ),
    "Assistance records": "帮扶记录",
    "Record number": "记录编号",
    "Pathway / kind": "帮扶途径 / 类型",
    "Key measure": "主要数据",
    "No assistance recorded yet.": "暂无帮扶记录。",
    "All records of this pairing": "本结对的全部帮扶记录",
    "Submit to the county office": "提交县扶贫办",
    "Confirm": "确认",
    "Record a correction": "录入更正记录",
    "Sent back by the county office": "县扶贫办退回意见",
    "Note from the county office": "县扶贫办意见",
    "This record corrects %(n)s; once confirmed, it replaces it in the figures.": (
        "本记录是对 %(n)s 的更正，确认后将在统计中取代原记录。"
    ),
    "Corrected by": "更正记录",
    "Who helped where": "帮扶主体与帮扶村",
    "help outside a pairing": "结对以外的帮扶",
    "Confirmation": "审核确认",
    # The next three head a date, time and person.
    "Recorded": "录入",
    "Submitted": "提交",
    "Confirmed": "确认",
    "Measures": "帮扶数据",
    "No measure recorded.": "未填写帮扶数据。",
    "No household linked.": "未关联受益户。",
    "Evidence": "佐证材料",
    "No file.": "无文件。",
    "Send back with a note saying what to fix": "退回并说明需要修改的内容",
    "Send back": "退回",
    "Re-open this confirmed record (it stops counting until confirmed again)": (
        "撤销对该记录的确认（再次确认前不计入统计）"
    ),
    "reason, kept in the history": "原因（将记入变更历史）",
    "Re-open": "撤销确认",
    "The help": "帮扶情况",
    "Fill in what applies; leave the rest empty. Money in yuan (not 万元).": (
        "按实际情况填写，不适用的留空。金额以元为单位（不是万元）。"
    ),
    "The registered poor households of the village that this help reached (head of household "
    "and masked ID number).": (
        "本次帮扶惠及的该村建档立卡贫困户（显示户主姓名和部分隐藏的身份证号）。"
    ),
    "Give the number of households reached among the measures above; the county office links "
    "the registered households.": (
        "请在上方帮扶数据中填写受益户数，具体的建档立卡受益户由县扶贫办关联。"
    ),
    "Save as draft": "保存为草稿",
    "Save and submit": "保存并提交",
    "To confirm": "待确认",
    "Industry projects": "产业项目",
    "Statistics table (attachment 7) .xlsx": "帮扶统计表(附件7) .xlsx",
    "Progress table (attachment 6) .xlsx": "村企结对帮扶进度表(附件6) .xlsx",
    "only confirmed records count in the figures": "只有已确认的记录计入统计",
    "a correcting record": "更正记录",
    "correction": "更正",
    "No record matches.": "没有符合条件的帮扶记录。",
    "from %(y)s": "%(y)s年起",
    "All projects": "全部项目",
    "Record progress": "录入进展",
    "Area planted (mu)": "种植面积(亩)",
    "%(p)s%% of the target %(t)s mu": "达到目标 %(t)s 亩的 %(p)s%%",
    "Livestock (head)": "牲畜(头)",
    "%(p)s%% of the target %(t)s head": "达到目标 %(t)s 头的 %(p)s%%",
    "Profit in %(y)s (yuan)": "%(y)s年收益(元)",
    "%(p)s%% of the first-year target %(t)s yuan": "达到首年目标 %(t)s 元的 %(p)s%%",
    # Followed by the profit of all years.
    "to date": "累计",
    "By county": "按县(区)",
    "Profit in the first year (yuan)": "首年收益(元)",
    "Profit to date (yuan)": "累计收益(元)",
    "No progress recorded yet.": "暂无进展记录。",
    # The county's figure as a share of the whole programme's target.
    "A county's bar is its share of the programme's target.": (
        "各县(区)的进度条表示该县(区)完成量占全行动目标的比例。"
    ),
    "Whole programme": "全行动",
    "By period (cumulative)": "按统计期间（累计）",
    "Added: area (mu)": "本期新增面积(亩)",
    "Added: livestock": "本期新增牲畜",
    "Profit in the period (yuan)": "本期收益(元)",
    "Area to date (mu)": "累计面积(亩)",
    "Livestock to date": "累计牲畜",
    "First-year profit (yuan)": "首年收益(元)",
    "By village": "按村",
    "Latest changes": "最近更新",
    "head": "头",
    "Target against actual: area planted and livestock to date against the project's targets; "
    "profit of the first year against the first-year target, and profit to date.": (
        "目标与实际对比：累计种植面积和牲畜与项目目标对比；首年收益与首年目标对比，并列出累计收益。"
    ),
    # A county officer's view: the county's figures against the whole programme's targets.
    "Actual figures are %(c)s's share of the programme's targets.": (
        "实际完成数为%(c)s的数据，百分比为其占全行动目标的比例。"
    ),
    "Project": "产业项目",
    "No industry project yet.": "暂无产业项目。",
    "Records to confirm": "待确认的帮扶记录",
    "All records": "全部记录",
    "Confirmed records count in the figures and are locked; a record sent back returns to its "
    "recorder with your note.": (
        "已确认的记录计入统计并锁定；退回的记录将连同您的意见返回录入人。"
    ),
    "what needs fixing": "需要修改的内容",
    "Nothing waits for confirmation.": "暂无待确认的记录。",
    # --- templates: forms 6 and 7 --------------------------------------------------------------
    "The form cannot be made": "无法生成报表",
    "Choose a half-year period such as 2017H2 (21 June – 21 December 2017) or 2018H1 "
    "(22 December 2017 – 20 June 2018); without one, the latest closed period is used.": (
        "请选择半年度统计期间，如 2017H2（2017年6月21日—12月21日）或 2018H1"
        "（2017年12月22日—2018年6月20日）；不选择时，使用最近一个已结束的统计期间。"
    ),
    "Download for the latest closed period": "下载最近一个已结束统计期间的报表",
    # --- templates: dashboard ------------------------------------------------------------------
    "Townships of %(county)s": "%(county)s各乡镇",
    "Poor villages covered": "贫困村覆盖率",
    "No townships.": "暂无乡镇。",
    "%(county)s in total": "%(county)s合计",
    "Covered: poor villages with at least one active pairing today, of the poor villages not "
    "yet exited.": ("贫困村覆盖率：未出列贫困村中，截至今日至少有一个进行中结对的村所占的比例。"),
    "Open the dashboard": "进入数据看板",
    "Confirmed assistance records of %(scope)s, %(period)s.": (
        "统计范围：%(scope)s；统计期间：%(period)s；只计已确认的帮扶记录。"
    ),
    "All five counties": "全部五个县(区)",
    "Indicators": "指标",
    "%(c)s of %(p)s poor villages have an active helper (today)": (
        "截至今日，%(p)s 个贫困村中有 %(c)s 个已有帮扶主体"
    ),
    "Money by pathway": "各帮扶途径资金投入",
    "People trained and jobs by township": "各乡镇培训人次与帮助就业",
    "People trained and jobs by county": "各县(区)培训人次与帮助就业",
    "People trained and jobs": "培训人次与帮助就业",
    "By half-year": "按半年度",
    "Money given and people trained by half-year": "各半年度帮扶资金与培训人次",
    "Industry projects: target against actual": "产业项目：目标与实际完成",
    "Actual": "实际完成",
    "No industry project has been set up yet.": "尚未设立产业项目。",
    # %(period)s is the period code, e.g. 2017H2.
    "Area and livestock added up to the end of %(period)s; the profit target is the first "
    "year's.": "种植面积和牲畜为截至 %(period)s 期末的累计数；收益目标为首年目标。",
    "Area and livestock of all half-years added up; the profit target is the first year's.": (
        "种植面积和牲畜为各半年度累计数；收益目标为首年目标。"
    ),
    "Map of the counties": "各县(区)地图",
    "Colour by": "着色指标",
    "Poor villages covered (%%)": "贫困村覆盖率(%%)",
    "Map of the counties; choose a county to see its townships": (
        "各县(区)地图，选择县(区)可查看所辖乡镇"
    ),
    "Choose a county, here or on the map, to see its townships below.": (
        "在此处或地图上选择县(区)，下方将显示其所辖乡镇的数据。"
    ),
}

# (msgid, msgid_plural) -> msgstr[0]; zh_Hans has a single plural form.
PLURALS: dict[tuple[str, str] | tuple[str, str, str], str] = {
    ("%(n)s village", "%(n)s villages"): "%(n)s 个村",
    ("%(n)s helper", "%(n)s helpers"): "%(n)s 个帮扶主体",
    ("%(n)s household", "%(n)s households"): "%(n)s 户",
    (
        "%(field)s: “%(value)s” is not a valid resident ID number: it has %(length)d "
        "character, but 18 are required.",
        "%(field)s: “%(value)s” is not a valid resident ID number: it has %(length)d "
        "characters, but 18 are required.",
    ): "%(field)s：“%(value)s”不是有效的身份证号：身份证号应为 18 位，这里是 %(length)d 位。",
    (
        "%(field)s: “%(value)s” is not a valid unified social credit code: it has %(length)d "
        "character, but 18 are required.",
        "%(field)s: “%(value)s” is not a valid unified social credit code: it has %(length)d "
        "characters, but 18 are required.",
    ): (
        "%(field)s：“%(value)s”不是有效的统一社会信用代码：统一社会信用代码应为 18 位，"
        "这里是 %(length)d 位。"
    ),
    (
        "%(field)s: “%(value)s” is not a valid mobile number: it has %(length)d digit, but 11 "
        "are required.",
        "%(field)s: “%(value)s” is not a valid mobile number: it has %(length)d digits, but 11 "
        "are required.",
    ): "%(field)s：“%(value)s”不是有效的手机号码：手机号码应为 11 位数字，这里是 %(length)d 位。",
    ("%(n)s pairing", "%(n)s pairings"): "共 %(n)s 个结对",
    ("%(n)s visit", "%(n)s visits"): "共 %(n)s 次考察",
    # Assistance, forms 6 and 7, dashboard (issue 5)
    ("%(n)s person", "%(n)s persons"): "%(n)s 人",
    ("%(n)s household reached", "%(n)s households reached"): "受益 %(n)s 户",
    ("%(n)s record", "%(n)s records"): "共 %(n)s 条记录",
    (
        "%(n)s record waits for the county office.",
        "%(n)s records wait for the county office.",
    ): "共 %(n)s 条记录等待县扶贫办确认。",
}


def _load_parts() -> None:
    """Later parts keep their strings beside this table, one file each: scripts/zh/<part>.py
    with its own TRANSLATIONS and PLURALS dicts (same keys as above)."""
    import importlib.util

    for path in sorted((Path(__file__).resolve().parent / "zh").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"zh_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        TRANSLATIONS.update(getattr(module, "TRANSLATIONS", {}))
        PLURALS.update(getattr(module, "PLURALS", {}))


_load_parts()

PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|\{\{\s*\w+\s*\}\}")


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))


def lookup(entry: polib.POEntry) -> str | None:
    if entry.msgid_plural:
        key = (entry.msgid, entry.msgid_plural)
        if entry.msgctxt:
            return PLURALS.get((entry.msgctxt, *key))
        return PLURALS.get(key)
    if entry.msgctxt:
        return TRANSLATIONS.get((entry.msgctxt, entry.msgid))
    return TRANSLATIONS.get(entry.msgid)


def is_empty(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return not entry.msgstr_plural or not all(entry.msgstr_plural.values())
    return not entry.msgstr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("po", nargs="?", default=str(PO_PATH), help="catalogue to fill")
    parser.add_argument("--force", action="store_true", help="overwrite existing msgstrs")
    parser.add_argument("--check", action="store_true", help="report only, do not write")
    args = parser.parse_args()

    po = polib.pofile(args.po, wrapwidth=79)
    changed = False

    for key, value in HEADER.items():
        if po.metadata.get(key) != value:
            po.metadata[key] = value
            changed = True
    if po.metadata_is_fuzzy:  # the header's `#, fuzzy` (a list of flags, or 0)
        po.metadata_is_fuzzy = [f for f in po.metadata_is_fuzzy if f != "fuzzy"] or 0
        changed = True

    filled, missing, bad = 0, [], []
    for entry in po:
        if entry.obsolete:
            continue
        fuzzy = "fuzzy" in entry.flags
        if fuzzy:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            changed = True
        text = lookup(entry)
        if text is not None:
            expected = placeholders(entry.msgid)
            if placeholders(text) != expected:
                bad.append((entry.msgid, expected, placeholders(text)))
                continue
        if fuzzy or args.force or is_empty(entry):
            if text is None:
                if fuzzy:  # a fuzzy guess is not a translation
                    if entry.msgid_plural:
                        entry.msgstr_plural = {0: ""}
                    else:
                        entry.msgstr = ""
                if is_empty(entry):
                    missing.append(entry)
                continue
            if entry.msgid_plural:
                new = {0: text}
                if entry.msgstr_plural != new:
                    entry.msgstr_plural = new
                    filled += 1
                    changed = True
            elif entry.msgstr != text:
                entry.msgstr = text
                filled += 1
                changed = True

    if changed and not args.check:
        po.save(args.po)

    total = sum(1 for e in po if not e.obsolete)
    verb = "would fill" if args.check else "filled"
    sys.stdout.write(f"{args.po}: {total} entries, {verb} {filled}\n")
    for msgid, want, got in bad:
        sys.stdout.write(f"PLACEHOLDER MISMATCH {msgid!r}: msgid has {want}, translation {got}\n")
    for entry in missing:
        where = ", ".join(f"{f}:{n}" for f, n in entry.occurrences[:2])
        sys.stdout.write(f"UNTRANSLATED {entry.msgid!r} ({where})\n")
    used = {e.msgid for e in po if not e.obsolete}
    unused = [k for k in TRANSLATIONS if (k[1] if isinstance(k, tuple) else k) not in used]
    if unused:
        sys.stdout.write(f"note: {len(unused)} table entries no longer in the catalogue\n")
    return 1 if (missing or bad) else 0


if __name__ == "__main__":
    sys.exit(main())
