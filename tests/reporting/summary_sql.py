"""Attachment 8's figures counted again in plain SQL, apart from `reporting.summary`.

Each definition is written from the summary's sentences, not from its code: a pairing "in its
assistance period" in the year was activated by the year's end and had not ended before the
year began; its helpers are the distinct helpers of those pairings; an agreement counts when
signed by the year's end; the poor villages are the county's registered poor villages not
exited, "covered" when a pairing of the programme is active there; the records are the
county's confirmed records dated in the year, their sums plain SUMs and the households the
distinct households linked to them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection

PAIRINGS = """
SELECT COUNT(*),
       SUM(CASE WHEN p.activated_on >= %(start)s THEN 1 ELSE 0 END),
       COUNT(DISTINCT p.helper_id),
       SUM(CASE WHEN EXISTS (SELECT 1 FROM pairing_agreement a
                             WHERE a.pairing_id = p.id AND a.signed_on <= %(end)s)
                THEN 1 ELSE 0 END)
FROM pairing_pairing p
WHERE p.county_id = %(county)s AND p.programme_id = %(programme)s
  AND p.activated_on IS NOT NULL AND p.activated_on <= %(end)s
  AND (p.ended_on IS NULL OR p.ended_on >= %(start)s)
"""
POOR = """
SELECT COUNT(*),
       SUM(CASE WHEN EXISTS (SELECT 1 FROM pairing_pairing p
                             WHERE p.village_id = v.village_id AND p.status = 'active'
                               AND p.programme_id = %(programme)s)
                THEN 1 ELSE 0 END)
FROM registry_villageprofile v
WHERE v.county_id = %(county)s AND v.is_registered_poor AND v.exited_on IS NULL
"""
RECORDS = """
SELECT COUNT(*), SUM(money_yuan), SUM(goods_yuan), SUM(investment_yuan), SUM(purchase_yuan),
       SUM(loan_yuan), SUM(persons_trained), SUM(poor_trained), SUM(jobs), SUM(poor_jobs)
FROM assistance_assistance
WHERE county_id = %(county)s AND status = 'confirmed' AND "on" BETWEEN %(start)s AND %(end)s
"""
HOUSEHOLDS = """
SELECT COUNT(*), SUM(h.size) FROM registry_household h
WHERE h.id IN (SELECT b.household_id FROM assistance_beneficiary b
               JOIN assistance_assistance r ON r.id = b.assistance_id
               WHERE r.county_id = %(county)s AND r.status = 'confirmed'
                 AND r."on" BETWEEN %(start)s AND %(end)s)
"""
ITEMS = """
SELECT COUNT(*), SUM(CASE WHEN i.done_on IS NOT NULL AND i.done_on <= %(end)s THEN 1 ELSE 0 END)
FROM pairing_planitem i JOIN pairing_pairing p ON p.id = i.pairing_id
WHERE p.county_id = %(county)s AND p.programme_id = %(programme)s
  AND i.due_date BETWEEN %(start)s AND %(end)s
"""


def _row(sql: str, params: dict) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [0 if v is None else v for v in cursor.fetchone()]


def independent_summary(*, county_id: int, programme_id: int, year: int) -> dict:
    """Every number of section 一, in the order the sentences print them."""
    params = {
        "county": county_id,
        "programme": programme_id,
        # the reporting year: the two half-years the county files, 22 December of the year
        # before to 21 December (the plan's filing dates)
        "start": dt.date(year - 1, 12, 22),
        "end": dt.date(year, 12, 21),
    }
    pairings, new, helpers, agreements = _row(PAIRINGS, params)
    poor, covered = _row(POOR, params)
    records, money, goods, invest, purchases, loans, trained, poor_trained, jobs, poor_jobs = _row(
        RECORDS, params
    )
    households, people = _row(HOUSEHOLDS, params)
    items_due, items_done = _row(ITEMS, params)
    return {
        "year": year,
        "pairings": int(pairings),
        "new_pairings": int(new),
        "helpers": int(helpers),
        "agreements": int(agreements),
        "poor_villages": int(poor),
        "covered_now": int(covered),
        "records": int(records),
        "money": Decimal(str(money)),
        "goods": Decimal(str(goods)),
        "industry_investment": Decimal(str(invest)),
        "purchases": Decimal(str(purchases)),
        "loans": Decimal(str(loans)),
        "persons_trained": int(trained),
        "poor_trained": int(poor_trained),
        "jobs": int(jobs),
        "poor_jobs": int(poor_jobs),
        "households_reached": int(households),
        "people_reached": int(people),
        "items_due": int(items_due),
        "items_done": int(items_done),
    }


def printed_numbers(paragraphs: list[str]) -> dict:
    """The numbers section 一 prints, read back from its text (万元 turned into yuan)."""
    import re

    number = r"([\d,]+(?:\.\d+)?)"
    money = number + r"(万元|元)"
    pattern = (
        rf"{number}年，.*?共有{number}个村企结对帮扶关系在帮扶期内（其中本年新结对{number}个），"
        rf"涉及帮扶主体{number}个，已签订帮扶协议{number}份。"
        rf"全县建档立卡贫困村（未出列）{number}个，目前已有帮扶主体的{number}个。"
        rf"全年经县扶贫办确认的帮扶记录{number}条：捐赠资金{money}、捐赠物资折款{money}，"
        rf"产业投入{money}，消费帮扶{money}，发放贷款{money}；"
        rf"培训{number}人次（其中贫困人口{number}人次），帮助就业{number}人（其中贫困人口{number}人），"
        rf"受益贫困户{number}户、{number}人。"
        rf"年内到期的帮扶规划事项{number}项，按期完成{number}项。"
    )
    found = re.fullmatch(pattern, "".join(paragraphs))
    assert found, paragraphs
    values = list(found.groups())
    out = []
    while values:
        text = values.pop(0).replace(",", "")
        if values and values[0] in ("万元", "元"):
            unit = values.pop(0)
            out.append(Decimal(text) * (10000 if unit == "万元" else 1))
        else:
            out.append(int(text))
    keys = [
        "year",
        "pairings",
        "new_pairings",
        "helpers",
        "agreements",
        "poor_villages",
        "covered_now",
        "records",
        "money",
        "goods",
        "industry_investment",
        "purchases",
        "loans",
        "persons_trained",
        "poor_trained",
        "jobs",
        "poor_jobs",
        "households_reached",
        "people_reached",
        "items_due",
        "items_done",
    ]
    return dict(zip(keys, out, strict=True))
