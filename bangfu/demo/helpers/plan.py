"""The demo helpers' plan: the demo liaison's helper first, then each kind's names, USCCs, offers.

`HelperDraws` is mixed into the registry planner (`bangfu.demo.registry.planner`): it draws
from the planner's generator (`self.rng`), villages, names and phone numbers, after the
registry's households, so that the same seed always plans the same helpers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bangfu.core.identifiers.uscc import USCC_ALPHABET, make_uscc
from bangfu.helpers.models import Helper

from .words import (
    ASSOCIATION_TOPICS,
    BRANDS,
    CHAMBER_PLACES,
    CHENGDE_DISTRICTS,
    CHENGDE_ROADS,
    COOP_PRODUCTS,
    ENTERPRISE_LINES,
    HELPER_KIND_COUNTS,
    OFFERS,
    SHIJIAZHUANG_ROADS,
    TIANJIN_DISTRICTS,
    TIANJIN_ROADS,
)

HELPERS = 300  # HELPER_KIND_COUNTS in all
CAPACITY_STEPS = {1: 2, 2: 3, 3: 5, 4: 6, 5: 7}

# The helper that `bangfu.demo.accounts.demo_accounts` gives the demo liaison account: planned
# first, with the same fields, so that the liaison gets it whichever of the two runs first.
DEMO_HELPER_NAME = "承德绿源农业科技有限公司"
DEMO_HELPER_USCC = make_uscc("91130821MA0A1B2C3")


@dataclass(frozen=True, slots=True)
class PlannedHelper:
    name: str
    uscc: str
    kind: str
    industry: str = ""
    strengths: str = ""
    address: str = ""
    capacity: int = 1
    liaison_name: str = ""
    liaison_phone: str = ""


class HelperDraws:
    """The helpers of the registry planner (needs `rng`, `villages`, `person_name`, `mobile`)."""

    def helpers(self) -> list[PlannedHelper]:
        """The demo helper first, then HELPER_KIND_COUNTS of each kind, names and USCCs unique."""
        rng = self.rng
        names = {DEMO_HELPER_NAME}
        codes = {DEMO_HELPER_USCC}
        planned = [
            PlannedHelper(
                name=DEMO_HELPER_NAME,
                uscc=DEMO_HELPER_USCC,
                kind="private",
                capacity=3,
                liaison_name="刘洋",
            )
        ]
        draw = {
            "private": self.private_enterprise,
            "research": self.research_enterprise,
            "cooperative": self.cooperative,
            "association": self.association,
            "chamber": self.chamber,
            "other": self.other_helper,
        }
        for kind, count in HELPER_KIND_COUNTS.items():
            for _ in range(count - (kind == "private")):  # the demo helper is private
                while True:
                    name, prefix, region, address, industry, offer, weights = draw[kind]()
                    if name not in names:
                        names.add(name)
                        break
                while True:
                    code = self.uscc(prefix, region)
                    if code not in codes:
                        codes.add(code)
                        break
                extra = rng.sample(OFFERS, rng.randint(1, 2))
                strengths = [f"可提供{offer}"] + [
                    f"{o}{rng.randint(5, 60)}个" if o == "可提供就业岗位" else o for o in extra
                ]
                planned.append(
                    PlannedHelper(
                        name=name,
                        uscc=code,
                        kind=kind,
                        industry=industry,
                        strengths="，".join(strengths) + "。",
                        address=address,
                        # villages it means to help: 2-7 (helpers of this programme
                        # usually take several villages; a bigger draw, a bigger helper)
                        capacity=CAPACITY_STEPS[rng.choices((1, 2, 3, 4, 5), weights=weights)[0]],
                        liaison_name=self.person_name(rng.choice("MF")),
                        liaison_phone=self.mobile(),
                    )
                )
        return planned

    # Each draw returns (name, USCC authority and type, region code, address, industry,
    # what it can offer, weights of capacity 1-5).

    def private_enterprise(self):
        rng = self.rng
        words, industry, offer = rng.choice(ENTERPRISE_LINES)
        brand = rng.choice(BRANDS)
        if rng.random() < 0.6:
            region, address = self.tianjin_address()
            pattern = rng.choice(
                ("天津{b}{w}有限公司", "天津市{b}{w}有限公司", "天津{b}集团有限公司")
            )
        else:
            region, address, place = self.chengde_address()
            pattern = place + "{b}{w}有限公司"
        name = pattern.format(b=brand, w=words)
        return name, "91", region, address, industry, offer, (35, 30, 20, 10, 5)

    def research_enterprise(self):
        rng = self.rng
        words, _industry, offer = rng.choice(ENTERPRISE_LINES[:10])
        pattern = rng.choice(
            (
                "天津{b}农业科学研究院有限公司",
                "天津市{b}种业科技有限公司",
                "天津{b}生物技术研究所有限公司",
                "中科{b}(天津){w}有限公司",
            )
        )
        name = pattern.format(b=rng.choice(BRANDS), w=words)
        region, address = self.tianjin_address()
        return name, "91", region, address, "农业科技", offer, (10, 20, 30, 25, 15)

    def cooperative(self):
        rng = self.rng
        village = rng.choice(self.villages)
        county = village.county_name
        address = f"{county}{village.township}{village.place}"
        product, industry = rng.choice(COOP_PRODUCTS)
        offer = f"{product}技术示范和社员带动"
        if rng.random() < 0.9:  # a farmers' co-operative, registered like enterprises
            name = f"{county}{rng.choice(BRANDS)}{product}专业合作社"
            prefix = "93"
        else:  # a farmers' association, a social group
            topic = product.removesuffix("种植").removesuffix("养殖")
            name = f"{county}{village.township}{topic}协会"
            prefix = "51"
        return name, prefix, village.county_code, address, industry, offer, (60, 30, 10, 0, 0)

    def association(self):
        rng = self.rng
        topic = rng.choice(ASSOCIATION_TOPICS)
        place, region = rng.choice(
            (("河北省", "130000"), ("天津市", "120000"), ("承德市", "130800"))
        )
        number = f"{rng.randint(1, 299)}号"
        if region == "120000":
            address = self.tianjin_address()[1]
        elif region == "130000":
            address = f"河北省石家庄市{rng.choice(SHIJIAZHUANG_ROADS)}{number}"
        else:
            address = f"承德市双桥区{rng.choice(CHENGDE_ROADS)}{number}"
        offer = f"{topic}行业技术交流和市场信息"
        return f"{place}{topic}协会", "51", region, address, topic, offer, (35, 30, 20, 10, 5)

    def chamber(self):
        rng = self.rng
        name = f"天津市{rng.choice(CHAMBER_PLACES)}商会"
        address = self.tianjin_address()[1]
        offer = "会员企业对接和产品销售渠道"
        return name, "51", "120000", address, "商会", offer, (20, 30, 25, 15, 10)

    def other_helper(self):
        rng = self.rng
        pattern, prefix, industry, offer = rng.choice(
            (
                ("天津市{b}志愿服务中心", "52", "志愿服务", "志愿者驻村服务"),
                ("天津{b}公益基金会", "53", "公益慈善", "助学助医资金"),
                ("天津市{b}农业技术推广站", "12", "农技推广", "农业技术推广和培训"),
            )
        )
        region, address = self.tianjin_address()
        if prefix == "53":  # foundations register with the city
            region = "120000"
        name = pattern.format(b=rng.choice(BRANDS))
        return name, prefix, region, address, industry, offer, (35, 30, 20, 10, 5)

    def tianjin_address(self) -> tuple[str, str]:
        rng = self.rng
        region, district = rng.choice(TIANJIN_DISTRICTS)
        return region, f"天津市{district}{rng.choice(TIANJIN_ROADS)}{rng.randint(1, 399)}号"

    def chengde_address(self) -> tuple[str, str, str]:
        """(region code, address, place for the name) in the city or one of the counties."""
        rng = self.rng
        if rng.random() < 0.5:
            region, district = rng.choice(CHENGDE_DISTRICTS)
            road = f"{rng.choice(CHENGDE_ROADS)}{rng.randint(1, 299)}号"
            return region, f"承德市{district}{road}", "承德"
        village = rng.choice(self.villages)
        place = "承德" if rng.random() < 0.5 else village.county_name
        address = f"{village.county_name}{village.township}{village.place}"
        return village.county_code, address, place

    def uscc(self, prefix: str, region: str) -> str:
        """Authority and type, region, organisation code, check character (GB 32100)."""
        rng = self.rng
        if rng.random() < 0.6:  # registered since 2015: "MA" and seven characters
            org = "MA" + "".join(rng.choice(USCC_ALPHABET) for _ in range(7))
        else:  # an older organisation code (GB 11714) with its check character
            org = self.org_code()
        return make_uscc(prefix + region + org)

    def org_code(self) -> str:
        """An organisation code of GB 11714: eight digits and an MOD 11 check character."""
        digits = [self.rng.randrange(10) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
        check = 11 - total % 11
        char = "X" if check == 10 else "0" if check == 11 else str(check)
        return "".join(map(str, digits)) + char


def write_helpers(helpers: list[PlannedHelper], initials: Callable[[str], str]) -> int:
    """Write the planned helpers (those whose USCC is free); returns how many."""
    Helper.objects.bulk_create(
        [
            Helper(
                name=h.name,
                uscc=h.uscc,
                kind=h.kind,
                industry=h.industry,
                strengths=h.strengths,
                address=h.address,
                capacity=h.capacity,
                liaison_name=h.liaison_name,
                liaison_phone=h.liaison_phone,
                initials=initials(h.name),
                version=1,
            )
            for h in helpers
        ],
        batch_size=1000,
    )
    return len(helpers)
