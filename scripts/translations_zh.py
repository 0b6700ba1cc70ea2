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
    "Address": "IP 地址",
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
}

# (msgid, msgid_plural) -> msgstr[0]; zh_Hans has a single plural form.
PLURALS: dict[tuple[str, str] | tuple[str, str, str], str] = {
    ("%(n)s village", "%(n)s villages"): "%(n)s 个村",
}

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
