"""Shapes of the leading-group and demonstration-village API; phones masked per viewer."""

from __future__ import annotations

from rest_framework import serializers

from bangfu.accounts.contacts import phone_for
from bangfu.groups.models import DemonstrationRecommendation, GroupRole, LeadingGroupMember

# --------------------------------------------------------------------------- roster


class LeadingGroupMemberSerializer(serializers.ModelSerializer):
    county = serializers.CharField(source="county.code", read_only=True)
    county_name = serializers.CharField(source="county.name", read_only=True)

    class Meta:
        model = LeadingGroupMember
        fields = [
            "id",
            "county",
            "county_name",
            "name",
            "group_role",
            "post",
            "unit",
            "phone",
            "email",
            "order",
            "version",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        data["phone"] = phone_for(
            getattr(request, "user", None), instance.phone, county_id=instance.county_id
        )
        return data


class LeadingGroupMemberWriteSerializer(serializers.Serializer):
    county = serializers.CharField(max_length=6, required=False, help_text="county code")
    name = serializers.CharField(max_length=40)
    group_role = serializers.ChoiceField(choices=GroupRole.choices)
    post = serializers.CharField(max_length=60, required=False, allow_blank=True)
    unit = serializers.CharField(max_length=80)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    order = serializers.IntegerField(min_value=0, max_value=999, required=False)


# --------------------------------------------------------------------------- demonstration


class DemonstrationRecommendationSerializer(serializers.ModelSerializer):
    helping_district = serializers.CharField(source="region_pairing.helping_district")
    county = serializers.CharField(source="county.code")
    county_name = serializers.CharField(source="county.name")
    village = serializers.CharField(source="village.code")
    village_name = serializers.CharField(source="village.name")

    class Meta:
        model = DemonstrationRecommendation
        fields = [
            "id",
            "region_pairing",
            "helping_district",
            "county",
            "county_name",
            "village",
            "village_name",
            "reasons",
            "industry",
            "recommended_by",
            "recommended_on",
            "selected",
            "selected_on",
            "selection_note",
            "version",
        ]


class DemonstrationRecommendationWriteSerializer(serializers.Serializer):
    region_pairing = serializers.IntegerField(
        required=False, help_text="the helping district's region pairing (on create)"
    )
    village = serializers.CharField(max_length=12, help_text="village code (12 digits)")
    reasons = serializers.CharField(max_length=4000)
    industry = serializers.CharField(max_length=100, required=False, allow_blank=True)
    recommended_by = serializers.CharField(max_length=80, required=False, allow_blank=True)
    recommended_on = serializers.DateField(required=False)


class DemonstrationSelectionSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)
