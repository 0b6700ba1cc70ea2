"""The demo assistance's measures by kind of help: amounts, people, jobs, and the description.

`Measures` is mixed into the assistance planner (`planner._Planner`) and draws from its
generator.
"""

from __future__ import annotations

from decimal import Decimal

from bangfu.pairing.models import Pathway

from .plan import DemoPairing, yuan, zh_yuan
from .words import (
    DEFAULT_INDUSTRY,
    MEDICAL,
    NEW_BUSINESSES,
    POSTS,
    PUBLIC_WORKS,
    TRADES,
    VOLUNTEER_WORK,
)


class Measures:
    """Needs the planner's `rng`, `industry`, `log_uniform` and `person`."""

    def measures(self, kind: str, pathway: str, pairing: DemoPairing) -> tuple[str, dict]:
        rng = self.rng
        place = pairing.place
        industry = self.industry(pairing)
        m: dict[str, object] = {}
        if kind == "money_donation":
            roll = rng.random()
            if roll < 0.4:
                n = rng.randint(10, 80)
                each = rng.choice((300, 500, 800, 1000, 1500))
                m["money_yuan"] = yuan(n * each)
                m["households_reached"] = n
                text = f"春节前走访慰问{place}贫困户{n}户，每户发放慰问金{each}元"
            elif roll < 0.75:
                m["money_yuan"] = yuan(self.log_uniform(20_000, 200_000), 1000)
                m["households_reached"] = rng.randint(20, 120)
                text = (
                    f"向{place}捐赠扶贫资金{zh_yuan(m['money_yuan'])}，"
                    f"用于村集体发展{industry.name}产业"
                )
            else:
                m["money_yuan"] = yuan(self.log_uniform(2_000, 60_000), 500)
                text = f"捐资{zh_yuan(m['money_yuan'])}用于{place}村内路灯安装和环境整治"
        elif kind == "goods_donation":
            roll = rng.random()
            if roll < 0.3:
                tons = rng.randint(3, 40)
                crop = rng.choice(("玉米", "谷子", "马铃薯", "大豆"))
                kg = rng.randint(2, 30) * 100
                value = tons * rng.randint(2200, 2800) + kg * rng.randint(6, 12)
                what = f"化肥{tons}吨、{crop}良种{kg}公斤"
            elif roll < 0.55:
                n = rng.randint(15, 90)
                value = n * rng.randint(200, 500)
                m["households_reached"] = n
                what = f"棉被、米面油等过冬物资，发放到{n}户贫困户"
            elif roll < 0.75:
                computers, books = rng.randint(2, 10), rng.randint(5, 30) * 100
                value = computers * rng.randint(3000, 5000) + books * rng.randint(20, 40)
                what = f"电脑{computers}台、图书{books}册，充实村级科技服务工作站"
            elif roll < 0.9:
                n = rng.randint(2, 10)
                value = n * rng.randint(3000, 15000)
                what = f"农用三轮车和小型农机具{n}台"
            else:
                n = rng.randint(20, 150)
                value = n * rng.randint(150, 300)
                what = f"学生书包、文具和校服{n}套"
            m["goods_yuan"] = yuan(min(value, 200_000), 100)
            m.setdefault("households_reached", rng.randint(10, 90))
            text = f"向{place}捐赠{what}，折款{zh_yuan(m['goods_yuan'])}"
        elif kind == "schooling":
            n = rng.randint(5, 40)
            each = rng.choice((1000, 1500, 2000, 3000))
            m["money_yuan"] = yuan(n * each)
            m["households_reached"] = max(1, round(n * rng.uniform(0.8, 1.0)))
            text = f"资助{place}贫困家庭在校学生{n}名，每人每学年{each}元"
        elif kind == "elderly":
            n = rng.randint(10, 60)
            m["money_yuan"] = yuan(n * rng.choice((200, 300, 500)))
            m["goods_yuan"] = yuan(n * rng.randint(100, 300))
            m["households_reached"] = max(1, round(n * rng.uniform(0.7, 1.0)))
            text = f"重阳节走访慰问{place}孤寡和留守老人{n}人，发放慰问金和米面油"
        elif kind == "disabled":
            n = rng.randint(3, 20)
            m["goods_yuan"] = yuan(n * rng.randint(800, 2500))
            m["households_reached"] = n
            text = f"为{place}{n}名残疾人捐赠轮椅、助听器等辅助器具"
        elif kind == "medical":
            n = rng.randint(3, 30)
            m["money_yuan"] = yuan(n * rng.randint(1000, 5000))
            m["households_reached"] = n
            text = rng.choice(MEDICAL).format(place=place, n=n)
        elif kind == "training" and pathway == Pathway.EMPLOYMENT:
            persons = rng.randint(20, 60)
            trade = rng.choice(TRADES)
            m["persons_trained"] = persons
            m["poor_trained"] = round(persons * rng.uniform(0.4, 0.9))
            m["households_reached"] = m["poor_trained"]
            text = f"在{place}开展{trade}订单式技能培训{persons}人，考核合格后推荐到企业上岗"
        elif kind == "training":
            persons = rng.randint(20, 80)
            m["persons_trained"] = persons
            m["poor_trained"] = round(persons * rng.uniform(0.35, 0.8))
            m["households_reached"] = m["poor_trained"]
            text = rng.choice(
                (
                    f"在{place}举办{industry.training}培训班，邀请研究院专家授课",
                    f"在{place}田间地头开展{industry.training}现场指导和观摩培训",
                    f"组织{place}种养殖户参加{industry.training}技术培训",
                )
            )
            text += f"，培训{persons}人次"
        elif kind == "jobs":
            jobs = rng.randint(2, 30)
            poor = round(jobs * rng.uniform(0.4, 0.9))
            months = rng.randint(3, 6)
            monthly = rng.randint(22, 38) * 100
            m["jobs"] = jobs
            m["poor_jobs"] = poor
            m["wages_yuan"] = yuan(jobs * months * monthly)
            m["households_reached"] = poor
            text = (
                f"吸纳{place}村民{jobs}人（其中贫困劳动力{poor}人）到企业{rng.choice(POSTS)}"
                f"务工{months}个月，月均工资{monthly}元"
            )
        elif kind == "investment":
            m["investment_yuan"] = yuan(self.log_uniform(100_000, 5_000_000, 2.5), 10_000)
            m["households_reached"] = rng.randint(10, 80)
            text = (
                f"投资{zh_yuan(m['investment_yuan'])}在{place}建设{industry.facility}，"
                "建成后交村集体经营，收益用于贫困户分红"
            )
        elif kind == "new_business":
            business = rng.choice(NEW_BUSINESSES)
            m["investment_yuan"] = yuan(self.log_uniform(200_000, 3_000_000, 2.5), 10_000)
            jobs = rng.randint(3, 20)
            m["jobs"] = jobs
            m["poor_jobs"] = round(jobs * rng.uniform(0.3, 0.8))
            m["households_reached"] = m["poor_jobs"]
            text = (
                f"在{place}新办{business}，投资{zh_yuan(m['investment_yuan'])}，"
                f"吸纳村民{jobs}人就业"
            )
        elif kind in ("purchase", "consignment", "processing", "direct_channel", "ecommerce"):
            low, high = {
                "purchase": (20_000, 800_000),
                "consignment": (10_000, 300_000),
                "processing": (30_000, 500_000),
                "direct_channel": (20_000, 400_000),
                "ecommerce": (10_000, 300_000),
            }[kind]
            if industry.unit == "人次":  # a service: the buyer takes the village's grain
                industry = DEFAULT_INDUSTRY
            price = rng.randint(industry.price_low, industry.price_high)
            qty = max(1, round(self.log_uniform(low, high) / price))
            m["purchase_yuan"] = yuan(qty * price, 10)
            m["households_reached"] = rng.randint(5, 60)
            what = f"{industry.product}{qty}{industry.unit}"
            text = {
                "purchase": f"订单收购{place}{what}，按保底价{price}元/{industry.unit}结算",
                "consignment": f"在天津门店和职工食堂代销{place}{what}",
                "processing": (
                    f"委托{place}养殖合作社代养{what}，结算代养费和收购款"
                    if industry.unit in ("头", "只")
                    else f"委托{place}合作社加工{what}，结算原料款和加工费"
                ),
                "direct_channel": f"开通农企直通车，{place}{what}直供企业职工食堂和天津商超",
                "ecommerce": f"帮助{place}在电商平台开设网店，线上销售{what}",
            }[kind]
            text += f"，{'销售额' if kind == 'ecommerce' else '金额'}{zh_yuan(m['purchase_yuan'])}"
            if kind == "ecommerce" and rng.random() < 0.4:
                persons = rng.randint(10, 40)
                m["persons_trained"] = persons
                m["poor_trained"] = round(persons * rng.uniform(0.3, 0.7))
                text += f"；培训电商从业人员{persons}人次"
        elif kind == "ppp":
            work, unit, low, high = rng.choice(PUBLIC_WORKS)
            m["investment_yuan"] = yuan(self.log_uniform(500_000, 5_000_000, 2.5), 10_000)
            m["households_reached"] = rng.randint(40, 300)
            text = (
                f"以政府和社会资本合作（PPP）方式在{place}{work}{rng.randint(low, high)}{unit}，"
                f"企业出资{zh_yuan(m['investment_yuan'])}"
            )
        elif kind == "cooperative":
            n = rng.randint(20, 100)
            m["investment_yuan"] = yuan(self.log_uniform(50_000, 500_000, 2), 1000)
            m["households_reached"] = n
            text = (
                f"入股{place}{industry.name}专业合作社{zh_yuan(m['investment_yuan'])}，"
                f"帮助规范财务管理，带动贫困户{n}户入社分红"
            )
        elif kind == "entrepreneur":
            m["money_yuan"] = yuan(self.log_uniform(20_000, 200_000), 1000)
            m["households_reached"] = rng.randint(5, 30)
            text = (
                f"扶持{place}致富带头人{self.person()}发展{industry.name}，"
                f"提供启动资金{zh_yuan(m['money_yuan'])}和技术指导"
            )
        elif kind == "stationed_staff":
            days = rng.randint(30, 180)
            persons = rng.randint(20, 80)
            m["persons_trained"] = persons
            m["poor_trained"] = round(persons * rng.uniform(0.3, 0.7))
            m["households_reached"] = rng.randint(10, 60)
            text = (
                f"派驻技术员{self.person()}常驻{place}科技服务工作站{days}天，"
                f"开展{industry.training}咨询和现场指导{persons}人次"
            )
        elif kind == "volunteers":
            people = rng.randint(5, 40)
            hours = rng.randint(4, 16)
            m["volunteer_hours"] = people * hours
            m["households_reached"] = rng.randint(0, 50)
            text = (
                f"组织企业职工志愿者{people}人到{place}开展{rng.choice(VOLUNTEER_WORK)}，"
                f"累计服务{people * hours}小时"
            )
        elif kind == "loan":
            n = rng.randint(5, 40)
            rate = rng.choice(("0", "0", "1.50", "2.00", "3.00", "3.50", "4.35"))
            m["loan_yuan"] = yuan(self.log_uniform(50_000, 1_000_000, 2), 10_000)
            m["loan_rate"] = Decimal(rate).quantize(Decimal("0.01"))
            m["households_reached"] = n
            terms = "无息" if rate == "0" else f"年利率{rate.rstrip('0').rstrip('.')}%的低息"
            text = (
                f"与合作银行设立扶贫周转金，为{place}{n}户贫困户提供{terms}贷款"
                f"{zh_yuan(m['loan_yuan'])}，用于发展{industry.name}产业"
            )
        elif kind == "fund":
            m["investment_yuan"] = yuan(self.log_uniform(100_000, 2_000_000, 2.5), 10_000)
            m["households_reached"] = rng.randint(20, 120)
            text = (
                f"出资{zh_yuan(m['investment_yuan'])}在{place}设立{industry.name}产业扶贫基金，"
                "收益用于贫困户分红和公益岗位"
            )
        else:  # pragma: no cover  (every kind is handled above)
            raise ValueError(kind)
        return text + "。", m
