"""The OpenAPI schema describes what the API does (issue 12): a field that can be null says
so, every operation documents its JSON errors, a list action says whether it is paginated."""

from __future__ import annotations

import pytest
from django.db import models
from rest_framework import serializers
from rest_framework.fields import empty

pytestmark = pytest.mark.django_db


# Nullable in the model, never null where these serializers read it: a village always has
# its township and county (the division list's loader refuses an orphan village).
NEVER_NULL = {
    "bangfu.pairing.serializers.shared.VillageSummarySerializer.township_code",
    "bangfu.pairing.serializers.shared.VillageSummarySerializer.township_name",
    "bangfu.pairing.serializers.shared.VillageSummarySerializer.county_code",
    "bangfu.pairing.serializers.shared.VillageSummarySerializer.county_name",
    "bangfu.registry.serializers.VillageProfileSerializer.township_code",
    "bangfu.monitoring.serializers.FollowedHouseholdSerializer.township_name",
    "bangfu.monitoring.serializers.FollowedVillageSerializer.township_name",
}


def _api_serializers() -> list[type[serializers.Serializer]]:
    """Every serializer class of bangfu's API (the URL conf imports every api module)."""
    import bangfu.api_urls  # noqa: F401

    found, todo = [], [serializers.Serializer]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("bangfu."):
                found.append(sub)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _may_be_null(model, source_attrs) -> bool:
    """Whether following `source_attrs` from `model` can meet a null (a nullable relation or a
    nullable column on the way)."""
    for attr in source_attrs:
        try:
            field = model._meta.get_field(attr)
        except Exception:  # a property or method: the test of the method's own annotation
            return False
        if field.auto_created and not field.concrete:  # a reverse relation: a list
            return False
        if getattr(field, "null", False):
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def _nullable_mistakes(cls) -> list[str]:
    try:
        instance = cls()
    except Exception:  # one that needs its context: schemathesis checks its answers
        return []
    model = getattr(getattr(cls, "Meta", None), "model", None)
    wrong = []
    for name, field in instance.fields.items():
        where = f"{cls.__module__}.{cls.__qualname__}.{name}"
        if (
            isinstance(field, serializers.SerializerMethodField)
            or field.allow_null
            or field.default not in (None, empty)  # e.g. "" when the relation is missing
            or where in NEVER_NULL
        ):
            continue
        relation_may_be_null = (
            model is not None and field.source != "*" and _may_be_null(model, field.source_attrs)
        )
        if field.default is None or relation_may_be_null:  # None: "no such relation"
            wrong.append(where)
    return wrong


def test_the_walk_sees_the_serializers_of_the_issue():
    names = {c.__qualname__ for c in _api_serializers()}
    assert {"DivisionSerializer", "MeSerializer", "NoticeEntrySerializer"} <= names
    assert len(names) > 80


def test_every_field_that_can_be_null_says_so():
    wrong = [w for cls in _api_serializers() for w in _nullable_mistakes(cls)]
    assert wrong == []


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_the_named_fields_are_nullable(schema):
    props = {name: c.get("properties", {}) for name, c in schema["components"]["schemas"].items()}
    for component, field in [
        ("Division", "county_code"),
        ("Division", "parent_code"),
        ("Me", "county_code"),
        ("Me", "county_name"),
        ("PlanItem", "inherited_from"),
        ("FollowUp", "pairing"),
        ("FollowUp", "village"),
        ("FollowUp", "helper"),
        ("NoticeEntry", "helper"),
    ]:
        assert props[component][field].get("nullable") is True, (component, field)


def test_every_operation_documents_its_json_errors(schema):
    error = {"$ref": "#/components/schemas/Error"}
    for path, method, operation in _operations(schema):
        responses = operation["responses"]
        for code in ("401", "403", "404"):
            assert responses[code]["content"]["application/json"]["schema"] == error, (
                method,
                path,
                code,
            )
        assert "400" in responses, (method, path)
    assert schema["components"]["schemas"]["Error"] == {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    }


def test_submission_checks_are_documented_as_the_list_they_are(schema):
    ok = schema["paths"]["/api/v1/submissions/{id}/checks/"]["get"]["responses"]["200"]
    body = ok["content"]["application/json"]["schema"]
    assert body == {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}}
    parameters = schema["paths"]["/api/v1/submissions/{id}/checks/"]["get"].get("parameters", [])
    assert "page" not in {p["name"] for p in parameters}


def test_model_lookup_fields_exist():
    """Sanity of `_may_be_null` on a known nullable relation (Division.county)."""
    from bangfu.places.models import Division

    assert _may_be_null(Division, ["county", "code"]) is True
    assert _may_be_null(Division, ["code"]) is False
    assert isinstance(Division._meta.get_field("county"), models.ForeignKey)


def test_the_reporting_board_is_documented_as_the_one_object_it_is(schema):
    ok = schema["paths"]["/api/v1/reporting-board/"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Board"}
