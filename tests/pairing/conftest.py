"""Pairing fixtures: a current programme, poor villages of 承德县, helpers, a signed scan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bangfu.core.identifiers.uscc import make_uscc
from bangfu.helpers.models import Helper
from bangfu.places.models import Division, Programme
from bangfu.registry.models import VillageProfile

START = dt.date(2017, 5, 1)
# A one-page PDF: what a scanner produces, small enough for a fixture.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def scan(name="signed.pdf", data=PDF_BYTES, content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def programme(db):
    return Programme.objects.create(
        name="科企帮万村", start_year=2017, end_year=2020, is_current=True
    )


@pytest.fixture
def poor_villages(db):
    """The first six villages of 承德县, registered poor, not exited."""
    villages = list(
        Division.objects.filter(level="village", county__code="130821").order_by("code")[:6]
    )
    for v in villages:
        VillageProfile.objects.create(
            village=v, is_registered_poor=True, registered_year=2014, main_industries="养殖,中药材"
        )
    return villages


@pytest.fixture
def village(poor_villages):
    return poor_villages[0]


@pytest.fixture
def weichang_village(db):
    v = Division.objects.filter(level="village", county__code="130828").order_by("code").first()
    VillageProfile.objects.create(village=v, is_registered_poor=True, registered_year=2014)
    return v


def _uscc(i: int) -> str:
    return make_uscc(f"9113082{i:02d}MA0A1B2C"[:17])


@pytest.fixture
def make_helper(db):
    counter = iter(range(10, 99))

    def make(name=None, capacity=3, **extra):
        i = next(counter)
        return Helper.objects.create(
            name=name or f"帮扶企业{i}", uscc=_uscc(i), kind="private", capacity=capacity, **extra
        )

    return make


@pytest.fixture
def helpers(make_helper):
    return [make_helper(name=f"企业{i}") for i in range(1, 9)]


def make_active(user, helper, village, focus="养殖", **kw):
    """Propose, sign and activate a pairing through the services, as the offices do."""
    from bangfu.pairing.services.agreements import agreement_upload
    from bangfu.pairing.services.pairings import pairing_activate, pairing_propose

    p = pairing_propose(
        user=user,
        helper=helper,
        village=village,
        start_date=START,
        focus=focus,
        content=f"{focus}帮扶",
        pathways=["industry"],
        **kw,
    )
    agreement_upload(user=user, pairing=p, upload=scan(), signed_on=START)
    return pairing_activate(user=user, pairing=p, on=START)
