"""The demo registry's households: their members, causes, incomes, health and schooling by age.

`HouseholdDraws` is mixed into the registry planner (`planner._Planner`): it draws from the
planner's generator (`self.rng`) and its unique names, ID numbers, refs and phone numbers.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bangfu.registry.models import MonitoringStatus

from .plan import (
    CHENGDE_ID_REGIONS,
    ID_REGION,
    INCOME_YEARS,
    REFERENCE_YEAR,
    PlannedHousehold,
    PlannedMember,
    Village,
)
from .words import CAUSE_ORDER, CAUSE_WEIGHTS, SURNAMES


class HouseholdDraws:
    """A poor household of a village, the head first (needs `rng`, `person_name`, `mobile`,
    `ref`, `birth_date` and `id_number` of the planner)."""

    def household(
        self, village: Village, village_exit: date | None, *, tech_help: bool
    ) -> PlannedHousehold:
        rng = self.rng
        size = rng.choices((1, 2, 3, 4, 5, 6), weights=(15, 28, 22, 20, 10, 5))[0]
        causes = self.causes()
        members = self.members(village.county_code, size, causes)
        year_registered = rng.choices((2014, 2015, 2016), weights=(60, 25, 15))[0]
        if village_exit is not None:
            exits = rng.random() < 0.8
            last_exit_year = village_exit.year
        else:
            exits = rng.random() < 0.21
            last_exit_year = 2020
        year_exited = (
            rng.randint(min(year_registered + 1, last_exit_year), last_exit_year) if exits else None
        )
        roll = rng.random()
        if year_exited:
            monitoring = (
                MonitoringStatus.UNSTABLE
                if roll < 0.08
                else MonitoringStatus.CLEARED
                if roll < 0.12
                else MonitoringStatus.NONE
            )
        else:
            monitoring = MonitoringStatus.SUDDEN if roll < 0.015 else MonitoringStatus.NONE
        head = members[0]
        return PlannedHousehold(
            ref=self.ref(),
            village_code=village.code,
            head_name=head.name,
            id_number=head.id_number,
            phone=self.mobile() if rng.random() < 0.7 else "",
            size=size,
            causes="," + ",".join(c for c in CAUSE_ORDER if c in causes) + ",",
            year_registered=year_registered,
            year_exited=year_exited,
            tech_help=tech_help,
            monitoring=str(monitoring),
            members=tuple(members),
            incomes=self.incomes(year_exited),
        )

    def causes(self) -> set[str]:
        rng = self.rng
        wanted = rng.choices((1, 2, 3), weights=(45, 40, 15))[0]
        pool = {str(c): w for c, w in CAUSE_WEIGHTS.items()}
        chosen: set[str] = set()
        while len(chosen) < wanted:
            cause = rng.choices(list(pool), weights=list(pool.values()))[0]
            chosen.add(cause)
            pool.pop(cause)
        return chosen

    def incomes(self, year_exited: int | None) -> tuple[tuple[int, Decimal], ...]:
        rng = self.rng
        value = rng.uniform(1800, 3200)
        rows = []
        for year in INCOME_YEARS:
            if year > INCOME_YEARS[0]:
                value = min(9000.0, value * rng.uniform(1.06, 1.28))
            if year_exited and year >= year_exited:
                value = max(value, rng.uniform(4000, 5000))  # above the line once exited
            rows.append((year, Decimal(f"{value:.2f}")))
        return tuple(rows)

    def members(self, county_code: str, size: int, causes: set[str]) -> list[PlannedMember]:
        """The head first, then relatives whose ages and sexes fit their relation."""
        rng = self.rng
        head_sex = "M" if rng.random() < 0.82 else "F"
        head_year = round(rng.triangular(1940, 1995, 1958))
        family = rng.choice(SURNAMES)  # the father's line: head's surname if male
        people: list[tuple[str, str, int, str]] = [("head", head_sex, head_year, family)]
        left = size - 1
        father_line = family
        mother_year = head_year
        if left and rng.random() < (0.85 if head_sex == "M" else 0.3):
            spouse_sex = "F" if head_sex == "M" else "M"
            offset = rng.randint(-2, 5) if head_sex == "M" else -rng.randint(-2, 5)
            # at least the legal age of marriage (22 for men, 20 for women) in the reference year
            spouse_year = min(
                head_year + offset, REFERENCE_YEAR - (22 if spouse_sex == "M" else 20)
            )
            spouse_surname = rng.choice(SURNAMES)
            people.append(("spouse", spouse_sex, spouse_year, spouse_surname))
            if spouse_sex == "M":
                father_line = spouse_surname
            else:
                mother_year = spouse_year
            left -= 1
        elif head_sex == "F":
            father_line = rng.choice(SURNAMES)
        if left and head_year >= 1965 and rng.random() < 0.35:
            for parent_sex in ("M", "F")[: 2 if left >= 2 and rng.random() < 0.5 else 1]:
                parent_year = head_year - rng.randint(22, 34)
                if parent_year >= 1920:
                    surname = family if parent_sex == "M" else rng.choice(SURNAMES)
                    people.append(("parent", parent_sex, parent_year, surname))
                    left -= 1
        child_year = min(mother_year + rng.randint(20, 30), REFERENCE_YEAR)
        if left and head_year <= 1962:
            child_sex = "M" if rng.random() < 0.65 else "F"
            people.append(("child", child_sex, child_year, father_line))
            left -= 1
            if left and rng.random() < 0.7:
                in_law_sex = "F" if child_sex == "M" else "M"
                in_law_surname = rng.choice(SURNAMES)
                in_law_year = min(child_year + rng.randint(-3, 3), REFERENCE_YEAR - 18)
                people.append(("child_in_law", in_law_sex, in_law_year, in_law_surname))
                left -= 1
                line = father_line if child_sex == "M" else in_law_surname
                grand_year = min(child_year + rng.randint(22, 32), REFERENCE_YEAR)
                for _ in range(left):
                    people.append(("grandchild", rng.choice("MF"), grand_year, line))
                    grand_year = min(grand_year + rng.randint(1, 5), REFERENCE_YEAR)
                left = 0
            child_year = min(child_year + rng.randint(2, 6), REFERENCE_YEAR)
        for _ in range(left):
            people.append(("child", rng.choice("MF"), child_year, father_line))
            child_year = min(child_year + rng.randint(1, 5), REFERENCE_YEAR)

        sick = "illness" in causes
        disabled = "disability" in causes
        adults = [k for k, p in enumerate(people) if REFERENCE_YEAR - p[2] >= 18]
        sick_index = rng.choice(adults) if sick else None
        disabled_index = rng.randrange(len(people)) if disabled else None
        members = []
        names: set[str] = set()
        for k, (relation, sex, year, surname) in enumerate(people):
            name = self.person_name(sex, surname)
            while name in names:
                name = self.person_name(sex, surname)
            names.add(name)
            born = self.birth_date(year)
            region = ID_REGION.get(county_code, county_code)
            if relation in ("spouse", "child_in_law") and rng.random() < 0.12:
                region = rng.choice(CHENGDE_ID_REGIONS)
            health = self.health(year)
            if k == sick_index:
                health = rng.choice(("chronic", "serious"))
            if k == disabled_index:
                health = "disabled"
            education, labour, status = self.life(year, health)
            members.append(
                PlannedMember(
                    name=name,
                    id_number=self.id_number(region, born, sex),
                    relation=relation,
                    sex=sex,
                    birth_date=born,
                    education=education,
                    health=health,
                    labour=labour,
                    status=status,
                )
            )
        return members

    def health(self, year: int) -> str:
        age = REFERENCE_YEAR - year
        chronic, serious, disabled = (
            (0.01, 0.005, 0.01)
            if age < 18
            else (0.06, 0.02, 0.03)
            if age < 45
            else (0.15, 0.04, 0.04)
            if age < 60
            else (0.35, 0.08, 0.06)
        )
        roll = self.rng.random()
        if roll < disabled:
            return "disabled"
        if roll < disabled + serious:
            return "serious"
        if roll < disabled + serious + chronic:
            return "chronic"
        return "healthy"

    def life(self, year: int, health: str) -> tuple[str, str, str]:
        """(education, labour, status) plausible for the age in the reference year."""
        rng = self.rng
        age = REFERENCE_YEAR - year
        if age < 3:
            return "", "na", "home"
        if age < 6:
            return "preschool", "na", "home"
        if age < 12:
            return "primary", "na", "school"
        if age < 15:
            return "junior", "na", "school"
        able = {"healthy": "able", "chronic": "weak"}.get(health, "none")
        if age < 19:
            if rng.random() < 0.75:
                return "senior", "na" if age < 16 else able, "school"
            if age < 16:
                return "junior", "na", "home"
            return "junior", able, rng.choice(("home", "away"))
        if age < 23 and rng.random() < 0.35:
            return "college", able, "school"
        if year < 1955:
            education = rng.choices(("none", "primary", "junior"), weights=(45, 45, 10))[0]
        elif year < 1970:
            education = rng.choices(
                ("none", "primary", "junior", "senior"), weights=(15, 45, 35, 5)
            )[0]
        elif year < 1985:
            education = rng.choices(
                ("none", "primary", "junior", "senior", "college"), weights=(3, 30, 55, 10, 2)
            )[0]
        else:
            education = rng.choices(
                ("primary", "junior", "senior", "college"), weights=(10, 55, 25, 10)
            )[0]
        if age >= 65:
            labour = "weak" if health == "healthy" and age < 75 and rng.random() < 0.5 else "na"
            return education, labour, "home"
        status = "away" if able == "able" and age < 55 and rng.random() < 0.35 else "home"
        return education, able, status
