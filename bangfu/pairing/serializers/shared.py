"""Shapes the pairing and assistance API share: references, files, named choices, summaries.

Input serializers only parse: types, lengths, references by natural key (helper USCC,
village code). The business rules and the permission checks are the services'; where a
service states a rule itself (a reason to suspend, end or relay), the field is optional
here so that the service's message is the one given. Files are checked by their bytes here
as well (the same check the services run) so that a bad upload is reported under its field.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bangfu.core.api import CodeRelatedField
from bangfu.core.uploads import check_evidence
from bangfu.helpers.models import Helper
from bangfu.places.models import Division

from ..models import Pathway


@extend_schema_field({"type": "string", "maxLength": 18})
class HelperRefField(CodeRelatedField):
    """A helper by its USCC, among the helpers the caller may see."""

    default_error_messages = {
        "does_not_exist": _("No helper has the credit code {value}."),
        "invalid": _("Give the helper's credit code."),
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="uscc", **kwargs)

    def get_queryset(self):
        return Helper.objects.for_user(self.context["request"].user)

    def to_internal_value(self, data):
        return super().to_internal_value(str(data).strip().upper())


@extend_schema_field({"type": "string", "pattern": "^[0-9]{12}$"})
class VillageRefField(CodeRelatedField):
    """A village by its 12-digit statistical code. Whether the caller may act on it is the
    service's question (a county office acts only in its county: 403)."""

    default_error_messages = {
        "does_not_exist": _("No village has the code {value}."),
        "invalid": _("Give the village's 12-digit code."),
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        return Division.objects.filter(level="village").select_related("county", "parent")

    def to_internal_value(self, data):
        return super().to_internal_value(str(data).strip())


class EvidenceFileField(serializers.FileField):
    """An uploaded PDF or image, checked by its bytes and size."""

    def to_internal_value(self, data):
        upload = super().to_internal_value(data)
        try:
            check_evidence(upload)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return upload


def pathway_list_field(**kwargs) -> serializers.ListField:
    return serializers.ListField(child=serializers.ChoiceField(choices=Pathway.choices), **kwargs)


class NamedChoiceField(serializers.ChoiceField):
    """A choice field whose choice set is one named schema component (`enum_name`) wherever
    it is used, so that lists, details and nested shapes share one enum in the schema."""

    def __init__(self, choices, *, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(choices=choices, **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def get_name(self) -> str:
        return self.target.enum_name

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        return {k: v for k, v in schema.items() if k in ("type", "enum", "description")}


# --------------------------------------------------------------------------- summaries


class HelperSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Helper
        fields = ["uscc", "name"]
        read_only_fields = fields


class VillageSummarySerializer(serializers.ModelSerializer):
    township_code = serializers.CharField(source="parent.code", read_only=True)
    township_name = serializers.CharField(source="parent.name", read_only=True)
    county_code = serializers.CharField(source="county.code", read_only=True)
    county_name = serializers.CharField(source="county.name", read_only=True)

    class Meta:
        model = Division
        fields = ["code", "name", "township_code", "township_name", "county_code", "county_name"]
        read_only_fields = fields


class StoredFileSummarySerializer(serializers.Serializer):
    name = serializers.CharField(source="original_name", read_only=True)
    content_type = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)


# --------------------------------------------------------------------------- action bodies


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
