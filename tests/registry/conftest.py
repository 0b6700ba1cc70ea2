import pytest

from bangfu.core.identifiers.resident_id import make_id_number
from bangfu.places.models import Division
from bangfu.registry.models import Household, Income, Member, VillageProfile

HEAD_ID = make_id_number("13082119800101123")
SPOUSE_ID = make_id_number("13082119820202124")
PHONE = "13812345678"
WEICHANG_ID = make_id_number("13082819750505123")


@pytest.fixture
def household(db):
    """王伟's household in 承德县 下板城镇, with a spouse and an income."""
    village = Division.objects.get(code="130821100201")
    VillageProfile.objects.create(
        village=village, is_registered_poor=True, households_total=300, households_poor=40
    )
    h = Household.objects.create(
        village=village,
        head_name="王伟",
        id_number=HEAD_ID,
        phone=PHONE,
        size=2,
        year_registered=2015,
        tech_help=True,
    )
    h.cause_list = ["illness", "skills"]
    h.save()
    Member.objects.create(household=h, name="王伟", id_number=HEAD_ID, relation="head")
    Member.objects.create(household=h, name="李芳", id_number=SPOUSE_ID, relation="spouse")
    Income.objects.create(household=h, year=2016, per_capita="2800.00")
    return h


@pytest.fixture
def household_weichang(db):
    village = (
        Division.objects.filter(level="village", county__code="130828").order_by("code").first()
    )
    return Household.objects.create(
        village=village, head_name="赵强", id_number=WEICHANG_ID, year_registered=2016
    )
