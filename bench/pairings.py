"""Pairing-page benchmark: the pairing pages at the demo's scale and with every village paired.

    python -m bench.pairings [--small 950] [--large 40000] [--profile-over 1.0]

The numbers are pairing rows. Each scale gets its own scratch SQLite database (migrated,
real divisions, ANALYZE), built in a child process of its own:

* small, the demo's shape (`bangfu.demo.pairing`): a third of the 1,638 villages registered
  poor (15 % of those exited), 300 helpers; 88 % of the poor villages that have not exited
  covered, 40 % of those by one helper and the rest by 2–5; a few suspended and proposed
  pairings; ended and relayed ones making up the rest of the rows;
* large: all 1,638 villages registered poor, none exited, each with five active pairings
  holding its five slots, 2,000 helpers; ended and relayed pairings make up the rest of the
  rows (about four before each slot's current holder).

Either way every pairing that was ever active has a signed agreement (one shared stored
scan), 2–4 plan items (about three), states spread over done, late, on track and not due,
and one progress update for each item with progress; a relayed pairing has its successor
(`predecessor`) and a done relay. Rows are inserted raw (executemany) within the database's
constraints: slots 1–5 unique per village among active and suspended pairings, one open
pairing per helper and village, unique agreement numbers in the services' format (KQ +
county + year + sequence), county = the village's county, closed pairings with `ended_on`.
No audit rows, site visits or households: this measures reading pairings.

Then a child process per role (a city officer; a county officer of 承德县 130821) times each
page with Django's test client (DEBUG on, as bench.lists), best of 3, and counts its SQL
queries. The attachment-5 export runs first in that process, so that the process's peak
resident set (`resource.getrusage`) after it is the export's; the peak before it is shown
too. A page slower than `--profile-over` seconds at either scale is run once more under
cProfile, and its top functions go into the results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

COUNTY = "130821"  # the county officer's county (承德县)
MARK = "BENCH-JSON "
NOTES_MARK = "<!-- notes: kept when the benchmark runs again -->"

# (key, URL template); {q}, {village}, {helper}, {pairing} are picked from each scale's data.
URLS = [
    ("list", "/pairings/"),
    ("list_filtered", "/pairings/?status=active&county=130828"),
    ("list_q", "/pairings/?q={q}"),
    ("coverage", "/pairings/coverage/"),
    ("coverage_county", f"/pairings/coverage/?county={COUNTY}"),
    ("export", "/pairings/export.xlsx"),
    ("village", "/registry/villages/{village}/"),
    ("helper", "/helpers/{helper}/"),
    ("pairing", "/pairings/{pairing}/"),
    ("api_pairings", "/api/v1/pairings/"),
    ("api_coverage", "/api/v1/coverage/"),
]
ROLES = ("city", "county")


@dataclass(frozen=True)
class Shape:
    """How the pairing rows are laid out over the villages."""

    poor: int  # registered poor villages
    exited: int  # of them, exited (their pairings are history)
    helpers: int
    active: dict[int, int]  # weights of the number of active pairings per poor village
    suspended: int  # active pairings turned suspended (they keep their slot)
    pending: int  # proposed or agreed pairings (open, no slot)


SHAPES = {
    "small": Shape(
        poor=546,
        exited=82,
        helpers=300,
        active={0: 12, 1: 35, 2: 30, 3: 14, 4: 6, 5: 3},
        suspended=6,
        pending=20,
    ),
    "large": Shape(poor=1638, exited=0, helpers=2000, active={5: 1}, suspended=0, pending=0),
}

# ------------------------------------------------------------------------------ the data

FOCUSES = [
    (
        "肉牛养殖产业",
        ",industry,technology,",
        "投资建设标准化肉牛养殖圈舍，提供良种肉牛和舍饲养殖技术指导。",
    ),
    (
        "中药材种植基地",
        ",industry,technology,",
        "流转土地建设中药材种植基地，提供种苗和种植技术，保底收购。",
    ),
    ("食用菌产业", ",industry,employment,", "建设食用菌生产园区，吸纳贫困户入园务工和承包大棚。"),
    ("设施蔬菜产业", ",industry,technology,", "建设设施蔬菜大棚，统一提供种苗、技术和销售。"),
    ("农产品消费帮扶", ",commerce,", "与村签订农产品购销协议，以购代捐，开展直供直销。"),
    ("吸纳贫困劳动力就业", ",employment,", "在企业及其产业链安排就业岗位，开展订单式技能培训。"),
    ("捐资助学", ",charity,", "对贫困家庭在校学生按学年资助，捐建图书室和学习用品。"),
    ("村内基础设施建设", ",other,", "出资硬化村内道路，建设机井和蓄水池，改善生产生活条件。"),
]
ITEMS = [
    ("建设标准化养殖圈舍", "企业出资、村集体提供建设用地", "圈舍建筑面积", "平方米", 400, 3000),
    ("引进良种肉牛托养", "企业采购良种肉牛交合作社托养", "引进肉牛数量", "头", 30, 300),
    ("建设中药材种植基地", "流转土地集中种植，保底收购", "种植面积", "亩", 100, 800),
    ("开展农业实用技术培训", "集中授课与田间地头指导相结合", "培训人次", "人次", 100, 800),
    ("吸纳贫困劳动力就业", "在企业及产业链上下游安排就业岗位", "吸纳就业人数", "人", 5, 60),
    ("消费帮扶采购农产品", "订单收购、以购代捐、直供直销", "采购金额", "万元", 10, 300),
    ("捐资助学", "对贫困家庭在校学生按学年资助", "资助学生人数", "人", 10, 80),
    ("硬化村内道路", "企业出资，村民投工投劳", "硬化道路长度", "公里", 1, 8),
]
PLACES = [
    "承德",
    "天津",
    "北京",
    "河北",
    "滦平",
    "隆化",
    "兴隆",
    "围场",
    "平泉",
    "宽城",
    "丰宁",
    "塘沽",
    "武清",
    "宝坻",
    "静海",
    "蓟州",
    "滨海",
    "西青",
]
WORDS = "绿源丰收康达华北恒信鑫盛金穗瑞丰宏图远航德润百川嘉禾博雅诚信永泰众鑫聚龙天成兴旺"
TRADES = [
    "农业科技",
    "牧业",
    "食品",
    "生物科技",
    "商贸",
    "建设工程",
    "农业开发",
    "种业",
    "电子商务",
]
FORMS = ["有限公司", "股份有限公司", "集团有限公司", "农民专业合作社"]
KINDS = ["private"] * 6 + ["research", "association", "chamber", "cooperative"]
SURNAMES = "王李张刘赵杨孙高马于徐周陈郭田何"
GIVEN = "国建志海军明永春福德文学立长振树林宝贵成山刚强伟平勇亮秀英兰芳"

COUNTS = {
    "poor": "registry_villageprofile WHERE is_registered_poor AND exited_on IS NULL",
    "helpers": "helpers_helper",
    "pairings": "pairing_pairing",
    "active": "pairing_pairing WHERE status = 'active'",
    "closed": "pairing_pairing WHERE status IN ('ended', 'relayed')",
    "agreements": "pairing_agreement",
    "items": "pairing_planitem",
    "progress": "pairing_planprogress",
    "relays": "pairing_relay",
}
WINDOW = (dt.date(2017, 4, 21), dt.date(2026, 6, 30))  # when pairings start and end
NOW = time.strftime("%Y-%m-%d 00:00:00")  # created_at and updated_at


def _helpers(rng, n: int, counties: list[str]) -> list[tuple]:
    from bangfu.core.identifiers.uscc import USCC_ALPHABET, make_uscc
    from bangfu.places.services import pinyin_initials

    rows, names = [], set()
    for i in range(n):
        while True:
            word = "".join(rng.sample(WORDS, 2))
            name = f"{rng.choice(PLACES)}{word}{rng.choice(TRADES)}{rng.choice(FORMS)}"
            if name not in names:
                names.add(name)
                break
        code = ""
        k = i
        for _ in range(7):
            k, r = divmod(k, len(USCC_ALPHABET))
            code = USCC_ALPHABET[r] + code
        uscc = make_uscc(f"91{rng.choice(counties)}MA{code}")
        liaison = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        rows.append(
            (
                NOW,
                NOW,
                1,
                name,
                uscc,
                rng.choice(KINDS),
                rng.choice(TRADES),
                "",
                "",
                rng.randint(2, 7),
                liaison,
                f"13{rng.randrange(10**9):09d}",
                pinyin_initials(name),
            )
        )
    return rows


def _split(rng, start: dt.date, end: dt.date, n: int) -> list[tuple[dt.date, dt.date]]:
    """`n` consecutive periods of random length (at least 30 days each) from start to end."""
    total = (end - start).days
    weights = [rng.uniform(0.5, 1.5) for _ in range(n)]
    scale = total / sum(weights)
    out, at = [], start
    for w in weights:
        days = max(30, round(w * scale))
        out.append((at, at + dt.timedelta(days=days)))
        at += dt.timedelta(days=days)
    return out


def build(pairings: int, shape_name: str, var: Path) -> dict:
    """Fill the scratch database with `pairings` pairing rows of `shape_name`; write the
    picks (the village, helper, pairing and search of the pages) to var/picks.json."""
    import random

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    call_command("load_divisions", verbosity=0)
    from bangfu.accounts.models import User
    from bangfu.core.uploads import store_generated
    from bangfu.demo.pairing.agreement import agreement_pdf
    from bangfu.places.models import Division, Programme

    shape = SHAPES[shape_name]
    rng = random.Random(20170420)
    today = timezone.localdate()
    started = time.perf_counter()
    villages = list(
        Division.objects.filter(level="village")
        .order_by("code")
        .values_list("id", "code", "county_id", "county__code")
    )
    counties = sorted({v[3] for v in villages})
    poor = sorted(rng.sample(range(len(villages)), shape.poor))
    exited = set(rng.sample(poor, shape.exited))
    programme = Programme.objects.create(
        name="科企帮万村精准扶贫行动", start_year=2017, end_year=2020, is_current=True
    )
    scan = store_generated(
        agreement_pdf("KQ0000000000", WINDOW[0], "91130821MA0A1B2C3X", "130821100201"),
        name="帮扶协议.pdf",
        content_type="application/pdf",
    )

    with transaction.atomic(), connection.cursor() as cur:
        # village profiles: every village, `shape.poor` of them registered poor
        profiles = []
        poor_set = set(poor)
        for i, (vid, _code, county_id, _cc) in enumerate(villages):
            total = rng.randint(150, 900)
            is_poor = i in poor_set
            profiles.append(
                (
                    NOW,
                    NOW,
                    1,
                    is_poor,
                    2014 if is_poor else None,
                    dt.date(2019, 12, 20).isoformat() if i in exited else None,
                    total,
                    round(total * 0.2) if is_poor else 0,
                    total * 3,
                    round(total * 0.55) if is_poor else 0,
                    round(total * 1.6),
                    "1200.00",
                    "3000.00",
                    "500.00",
                    "玉米种植,肉牛养殖",
                    "",
                    "",
                    "25.0",
                    True,
                    False,
                    county_id,
                    vid,
                )
            )
        cur.executemany(
            "INSERT INTO registry_villageprofile (created_at, updated_at, version, "
            "is_registered_poor, registered_year, exited_on, households_total, households_poor, "
            "people_total, people_poor, labour_force, arable_mu, forest_mu, grassland_mu, "
            "main_industries, resources, tags, distance_km, has_workstation, is_demonstration, "
            f"county_id, village_id) VALUES ({', '.join(['%s'] * 22)})",
            profiles,
        )
        cur.executemany(
            "INSERT INTO helpers_helper (created_at, updated_at, version, name, uscc, kind, "
            "industry, strengths, address, capacity, liaison_name, liaison_phone, initials) "
            f"VALUES ({', '.join(['%s'] * 13)})",
            _helpers(rng, shape.helpers, counties),
        )
        cur.execute("SELECT id FROM helpers_helper ORDER BY id")
        helper_ids = [row[0] for row in cur.fetchall()]

        # who holds a slot where: lanes (village, slot) with a current holder or none
        current = [i for i in poor if i not in exited]
        sizes, weights = list(shape.active), list(shape.active.values())
        holders = {i: rng.choices(sizes, weights=weights)[0] for i in current}
        lanes: list[tuple[int, bool]] = []  # (village index, has a current holder)
        for i in poor:
            n = holders.get(i, 0)
            lanes += [(i, True)] * n if n else [(i, False)]
        active_total = sum(holders.values())
        closed_total = pairings - active_total - shape.pending
        if closed_total < 0:
            raise SystemExit(
                f"bench: {pairings} pairings is fewer than the {active_total + shape.pending} "
                f"open ones of the {shape_name} shape"
            )
        history = [0] * len(lanes)
        for _ in range(closed_total):
            history[rng.randrange(len(lanes))] += 1

        # the pairings, lane by lane: closed ones one after another, then the holder
        rows: list[dict] = []
        open_helpers: dict[int, set[int]] = {}
        slot_of: dict[int, int] = {}
        for (i, held), k in zip(lanes, history, strict=True):
            if not held and not k:
                continue
            vid = villages[i][0]
            mine = open_helpers.setdefault(i, set())
            first = WINDOW[0] + dt.timedelta(days=rng.randint(0, 200))
            periods = _split(rng, first, WINDOW[1], k + held)
            previous = None
            for n, (start, end) in enumerate(periods):
                is_holder = held and n == k
                if previous is not None and previous["status"] == "ended":
                    start = min(start + dt.timedelta(days=rng.randint(0, 60)), end)
                if is_holder:
                    helper = rng.choice([h for h in rng.sample(helper_ids, 8) if h not in mine])
                    mine.add(helper)
                    slot_of[i] = slot_of.get(i, 0) + 1
                    row = {"status": "active", "slot": slot_of[i], "ended_on": None}
                else:
                    helper = rng.choice(helper_ids)
                    row = {"status": "ended", "slot": None, "ended_on": end}
                row.update(
                    village=i,
                    vid=vid,
                    helper=helper,
                    start=start,
                    predecessor=None,
                    focus=FOCUSES[rng.randrange(len(FOCUSES))],
                )
                if previous is not None and previous["relayed_to"] is None and rng.random() < 0.25:
                    previous["status"] = "relayed"
                    previous["relayed_to"] = row
                    row["start"] = previous["ended_on"]
                    row["predecessor"] = previous
                row["relayed_to"] = None
                rows.append(row)
                previous = row
        # a few holders suspended, a few pairings proposed or agreed (open, no slot)
        multi = [r for r in rows if r["status"] == "active" and holders[r["village"]] >= 2]
        for r in rng.sample(multi, shape.suspended):
            r["status"] = "suspended"
        for _ in range(shape.pending):
            i = rng.choice(current)
            mine = open_helpers.setdefault(i, set())
            helper = rng.choice([h for h in rng.sample(helper_ids, 8) if h not in mine])
            mine.add(helper)
            rows.append(
                {
                    "status": rng.choice(("proposed", "agreed")),
                    "slot": None,
                    "ended_on": None,
                    "village": i,
                    "vid": villages[i][0],
                    "helper": helper,
                    "start": today - dt.timedelta(days=rng.randint(5, 90)),
                    "predecessor": None,
                    "relayed_to": None,
                    "focus": FOCUSES[rng.randrange(len(FOCUSES))],
                }
            )

        # ids and agreement numbers in the order proposed
        rows.sort(key=lambda r: (r["start"], villages[r["village"]][1], r["status"]))
        sequence: dict[str, int] = {}
        for pk, r in enumerate(rows, 1):
            r["id"] = pk
            prefix = f"KQ{villages[r['village']][3]}{r['start'].year}"
            sequence[prefix] = sequence.get(prefix, 0) + 1
            r["number"] = f"{prefix}{sequence[prefix]:04d}"
        pairing_rows, agreements, items, progress, relays = [], [], [], [], []
        item_id = 0
        for r in rows:
            was_active = r["status"] not in ("proposed", "agreed")
            focus, pathways, content = r["focus"]
            start = r["start"]
            pairing_rows.append(
                (
                    r["id"],
                    NOW,
                    NOW,
                    1,
                    r["number"],
                    focus,
                    content,
                    pathways,
                    r["status"],
                    r["slot"],
                    start.isoformat(),
                    (start + dt.timedelta(days=3 * 365)).isoformat(),
                    start.isoformat() if was_active else None,
                    r["ended_on"].isoformat() if r["ended_on"] else None,
                    "帮扶协议期满" if r["ended_on"] else "",
                    "",
                    "",
                    villages[r["village"]][2],
                    r["helper"],
                    programme.pk,
                    r["vid"],
                    r["predecessor"]["id"] if r["predecessor"] else None,
                )
            )
            if was_active:
                agreements.append(
                    (NOW, NOW, 1, start.isoformat(), "张经理", "王书记", scan.pk, r["id"])
                )
            if r["status"] == "relayed":
                ended = r["ended_on"]
                relays.append(
                    (
                        NOW,
                        NOW,
                        1,
                        "企业经营困难，申请由其他企业接续帮扶",
                        max(start, ended - dt.timedelta(days=30)).isoformat(),
                        "done",
                        ended.isoformat(),
                        "",
                        r["id"],
                        r["relayed_to"]["id"],
                    )
                )
            for what, how, indicator, unit, low, high in rng.sample(ITEMS, rng.randint(2, 4)):
                item_id += 1
                target = rng.randint(low, high)
                if r["ended_on"]:
                    due = start + dt.timedelta(days=rng.randint(120, 700))
                    roll = 0.0 if rng.random() < 0.8 else 0.5
                else:
                    due = today + dt.timedelta(days=rng.randint(-400, 700))
                    roll = rng.random()
                if roll < 0.35:  # done
                    achieved, done_on = target, min(due, today)
                elif roll < 0.7:  # progress (late or on track by the due date)
                    achieved, done_on = round(target * rng.uniform(0.1, 0.9)), None
                else:  # nothing yet
                    achieved, done_on = 0, None
                if not was_active:
                    achieved, done_on = 0, None
                items.append(
                    (
                        item_id,
                        NOW,
                        NOW,
                        1,
                        what,
                        how,
                        indicator,
                        f"{target}.00",
                        unit,
                        due.isoformat(),
                        f"{achieved}.00",
                        done_on.isoformat() if done_on else None,
                        r["id"],
                    )
                )
                if achieved:
                    reported = min(done_on or today, today) - dt.timedelta(days=rng.randint(0, 60))
                    progress.append(
                        (
                            NOW,
                            NOW,
                            1,
                            max(reported, start).isoformat(),
                            f"{achieved}.00",
                            "",
                            item_id,
                        )
                    )
        cur.executemany(
            "INSERT INTO pairing_pairing (id, created_at, updated_at, version, number, focus, "
            "content, pathways, status, slot, start_date, end_date, activated_on, ended_on, "
            "end_reason, capacity_reason, eligibility_reason, county_id, helper_id, "
            f"programme_id, village_id, predecessor_id) VALUES ({', '.join(['%s'] * 22)})",
            pairing_rows,
        )
        cur.executemany(
            "INSERT INTO pairing_agreement (created_at, updated_at, version, signed_on, "
            "helper_signatory, village_signatory, scan_id, pairing_id) "
            f"VALUES ({', '.join(['%s'] * 8)})",
            agreements,
        )
        cur.executemany(
            "INSERT INTO pairing_planitem (id, created_at, updated_at, version, what, how, "
            "indicator, target_value, unit, due_date, achieved, done_on, pairing_id) "
            f"VALUES ({', '.join(['%s'] * 13)})",
            items,
        )
        cur.executemany(
            "INSERT INTO pairing_planprogress (created_at, updated_at, version, reported_on, "
            f"value, note, item_id) VALUES ({', '.join(['%s'] * 7)})",
            progress,
        )
        cur.executemany(
            "INSERT INTO pairing_relay (created_at, updated_at, version, reason, reported_on, "
            "state, closed_on, note, pairing_id, successor_id) "
            f"VALUES ({', '.join(['%s'] * 10)})",
            relays,
        )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    county = Division.objects.get(code=COUNTY)
    User.objects.create(username="bench_city", role="city")
    User.objects.create(username="bench_county", role="county", county=county)

    # the pages' subjects: the busiest village and helper, an active pairing with 4 items
    with connection.cursor() as cur:
        cur.execute(
            "SELECT v.code FROM pairing_pairing p JOIN places_division v ON v.id = p.village_id "
            "WHERE p.county_id = %s GROUP BY v.code ORDER BY count(*) DESC, v.code LIMIT 1",
            [county.pk],
        )
        (village,) = cur.fetchone()
        cur.execute(
            "SELECT h.uscc, h.initials FROM pairing_pairing p JOIN helpers_helper h "
            "ON h.id = p.helper_id GROUP BY h.id ORDER BY count(*) DESC, h.uscc LIMIT 1"
        )
        helper, initials = cur.fetchone()
        cur.execute(
            "SELECT p.number FROM pairing_pairing p JOIN pairing_planitem i ON i.pairing_id = p.id "
            "WHERE p.status = 'active' AND p.county_id = %s GROUP BY p.id "
            "ORDER BY count(*) DESC, p.number LIMIT 1",
            [county.pk],
        )
        (pairing,) = cur.fetchone()
        counts = {}
        for name, table in COUNTS.items():
            cur.execute(f"SELECT count(*) FROM {table}")
            counts[name] = cur.fetchone()[0]
    picks = {"q": initials, "village": village, "helper": helper, "pairing": pairing}
    facts = {"picks": picks, "counts": counts, "seconds": time.perf_counter() - started}
    (var / "picks.json").write_text(json.dumps(facts), encoding="utf-8")
    return facts


# ------------------------------------------------------------------------------ the timing


def _rows(key: str, response) -> str:
    """What the page showed, to read beside its time."""
    if key.startswith("api_"):
        data = response.json()
        if key == "api_coverage":
            t = data["totals"]
            return f"{t['poor']:,} poor, {t['covered']:,} covered"
        return f"{data['count']:,} pairings"
    if key == "export":
        from bangfu.accounts.models import AuditEvent

        detail = (
            AuditEvent.objects.filter(object_type="pairing.pairing_list")
            .order_by("-id")
            .values_list("detail", flat=True)
            .first()
        )
        match = re.search(r"(\d+) rows", detail or "")
        size = len(response.content) / 1024
        return f"{int(match.group(1)):,} rows ({size:,.0f} KB)" if match else "?"
    ctx = response.context
    if key.startswith("coverage"):
        total = ctx["total"]
        return f"{total.poor:,} poor, {ctx['page'].paginator.count:,} uncovered"
    if key == "pairing":
        return f"{len(ctx['items'])} plan items"
    if key in ("village", "helper"):
        return f"{len(ctx['pairings']):,} pairings"
    return f"{ctx['page'].paginator.count:,} pairings"


def time_pages(role: str, var: Path, profile_over: float) -> dict:
    import cProfile
    import io
    import pstats
    import resource

    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import setup_test_environment

    from bangfu.accounts.models import User

    picks = json.loads((var / "picks.json").read_text(encoding="utf-8"))["picks"]
    setup_test_environment()
    client = Client()
    client.force_login(User.objects.get(username=f"bench_{role}"))
    client.get("/pairings/")  # load the templates and the session once
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    out: dict = {"results": {}, "profiles": {}}
    # the export first: the process's peak after it is the export's own
    for key, template in sorted(URLS, key=lambda u: u[0] != "export"):
        url = template.format(**picks)
        best, queries = float("inf"), 0
        for _ in range(3):
            reset_queries()
            start = time.perf_counter()
            response = client.get(url)
            best = min(best, time.perf_counter() - start)
            queries = len(connection.queries)
            assert response.status_code == 200, (url, response.status_code)
        out["results"][key] = {"seconds": best, "queries": queries, "rows": _rows(key, response)}
        if key == "export":
            out["export_rss"] = {
                "before": before,
                "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            }
    for key, template in URLS:
        if out["results"][key]["seconds"] < profile_over:
            continue
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(template.format(**picks))
        profiler.disable()
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats("tottime").print_stats(15)
        # below the view: bangfu's own code, the ORM and XlsxWriter (not the middleware chain)
        stats.sort_stats("cumulative").print_stats(
            r"bangfu/(?!core/middleware)|django/db/|xlsxwriter/", 25
        )
        shown = text.getvalue()
        for prefix in sorted({*sys.path, str(Path.cwd())}, key=len, reverse=True):
            if prefix and len(prefix) > 1:
                shown = shown.replace(prefix.rstrip("/") + "/", "")
        out["profiles"][key] = re.sub(r"\n{3,}", "\n\n", shown)
    return out


# ------------------------------------------------------------------------------ the parent


def _child(args: list[str], env: dict) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.pairings", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"bench: child {' '.join(args)} failed ({done.returncode})")
    line = next(line for line in done.stdout.splitlines() if line.startswith(MARK))
    return json.loads(line.removeprefix(MARK))


def measure(n: int, shape: str, profile_over: float) -> dict:
    """Build a scratch database of `n` pairings in a child, then time the pages per role,
    each in a child of its own."""
    with tempfile.TemporaryDirectory(prefix="bangfu-bench-pairings-") as var:
        env = {
            **os.environ,
            "BANGFU_VAR_DIR": var,
            "DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "bangfu.settings",
        }
        env.pop("DATABASE_URL", None)
        sys.stderr.write(f"bench: building {n:,} pairings ({shape}) …\n")
        facts = _child(["--build", str(n), shape], env)
        for role in ROLES:
            sys.stderr.write(f"bench: timing the pages as a {role} officer …\n")
            facts[role] = _child(["--time", role, "--profile-over", str(profile_over)], env)
    return facts


def machine() -> str:
    import sqlite3
    from importlib.metadata import version

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "?",
    )
    mem = next(
        (
            f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "?",
    )
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{cpu}, {nproc} CPUs, {mem}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, Django {version('django')}, "
        f"SQLite {sqlite3.sqlite_version}, XlsxWriter {version('xlsxwriter')}"
    )


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB"


def report(args: argparse.Namespace, small: dict, large: dict) -> str:
    def data(facts: dict) -> str:
        c = facts["counts"]
        return (
            f"{c['poor']:,} poor villages (not exited), {c['helpers']:,} helpers, "
            f"{c['pairings']:,} pairings ({c['active']:,} active, {c['closed']:,} ended or "
            f"relayed), {c['agreements']:,} agreements, {c['items']:,} plan items, "
            f"{c['progress']:,} progress updates, {c['relays']:,} relays "
            f"(built in {facts['seconds']:.1f} s)"
        )

    lines = [
        f"| page | as | {args.small:,} pairings | {args.large:,} pairings | ratio "
        "| shown (small → large) | queries |",
        "| --- | --- | ---: | ---: | ---: | --- | ---: |",
    ]
    for key, template in URLS:
        for role in ROLES:
            s, g = small[role]["results"][key], large[role]["results"][key]
            queries = (
                str(s["queries"])
                if s["queries"] == g["queries"]
                else f"{s['queries']} → {g['queries']}"
            )
            lines.append(
                f"| `{template}` | {role} | {s['seconds'] * 1000:,.0f} ms "
                f"| {g['seconds'] * 1000:,.0f} ms | {g['seconds'] / s['seconds']:.1f}× "
                f"| {s['rows']} → {g['rows']} | {queries} |"
            )
    memory = [
        "| export as | scale | rows | best of 3 | peak RSS of the child | peak before the export |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for role in ROLES:
        for name, facts in (("small", small), ("large", large)):
            r, rss = facts[role]["results"]["export"], facts[role]["export_rss"]
            memory.append(
                f"| {role} | {name} | {r['rows'].replace(' rows', '')} "
                f"| {r['seconds']:.2f} s | {_mb(rss['peak'])} | {_mb(rss['before'])} |"
            )
    picks = "; ".join(
        f"{name}: " + ", ".join(f"{k} `{v}`" for k, v in facts["picks"].items())
        for name, facts in (("small", small), ("large", large))
    )
    profiles = []
    for name, facts in (("small", small), ("large", large)):
        for role in ROLES:
            for key, text in facts[role]["profiles"].items():
                url = dict(URLS)[key]
                profiles.append(
                    f"<details><summary>cProfile: <code>{url}</code> as {role}, {name} scale"
                    f"</summary>\n\n```\n{text.strip()}\n```\n\n</details>\n"
                )
    return (
        "# Pairing pages at the demo's scale and with every village paired (SQLite)\n\n"
        f"`python -m bench.pairings --small {args.small} --large {args.large}` "
        "(bench/pairings.py says how). Best of 3, Django test client (DEBUG on), a city "
        f"officer and a county officer of {COUNTY}; each role in a fresh child process.\n\n"
        f"- date: {time.strftime('%Y-%m-%d')}\n- machine: {machine()}\n"
        f"- small: {data(small)}\n- large: {data(large)}\n"
        f"- subjects (the busiest village of {COUNTY}, the busiest helper and its initials, "
        f"an active pairing of {COUNTY} with 4 plan items): {picks}\n\n"
        + "\n".join(lines)
        + "\n\nA county officer's `?county=130828` is not one of its choices: the filter form "
        "drops it and the page lists the officer's own county.\n\n"
        + "\n".join(memory)
        + "\n\nPeak RSS: `resource.getrusage(RUSAGE_SELF).ru_maxrss` of the timing child, which "
        "runs the export first (after Django's setup, the login and one page).\n\n"
        + "\n".join(profiles)
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.pairings", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--small", type=int, default=950, help="pairings, demo shape (950)")
    parser.add_argument(
        "--large", type=int, default=40_000, help="pairings, 5 per village active (40000)"
    )
    parser.add_argument(
        "--profile-over",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="profile the pages slower than this (default 1.0)",
    )
    parser.add_argument("--no-results", action="store_true", help="do not write bench/results/")
    parser.add_argument("--build", nargs=2, metavar=("N", "SHAPE"), help=argparse.SUPPRESS)
    parser.add_argument("--time", choices=ROLES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    var = Path(os.environ.get("BANGFU_VAR_DIR", "."))
    if args.build:
        facts = build(int(args.build[0]), args.build[1], var)
        sys.stdout.write(MARK + json.dumps(facts) + "\n")
        return
    if args.time:
        sys.stdout.write(MARK + json.dumps(time_pages(args.time, var, args.profile_over)) + "\n")
        return
    small = measure(args.small, "small", args.profile_over)
    large = measure(args.large, "large", args.profile_over)
    text = report(args, small, large)
    sys.stdout.write(text)
    if args.no_results:
        return
    results = (
        Path(__file__).resolve().parent / "results" / f"pairings-{time.strftime('%Y-%m-%d')}.md"
    )
    notes = ""
    if results.exists():
        old = results.read_text(encoding="utf-8")
        if NOTES_MARK in old:
            notes = old[old.index(NOTES_MARK) :]
    results.write_text(text + ("\n" + notes if notes else ""), encoding="utf-8")
    sys.stderr.write(f"bench: results written to {results}\n")


if __name__ == "__main__":
    main()
