"""Registry API shapes. ID numbers and phones leave the server masked, always."""

from rest_framework import serializers

from .models import Household, Member, VillageProfile


class VillageProfileSerializer(serializers.ModelSerializer):
    village_code = serializers.CharField(source="village.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    township_code = serializers.CharField(source="village.parent.code", read_only=True)
    county_code = serializers.CharField(source="county.code", read_only=True)

    class Meta:
        model = VillageProfile
        fields = [
            "village_code",
            "village_name",
            "township_code",
            "county_code",
            "is_registered_poor",
            "registered_year",
            "exited_on",
            "households_total",
            "households_poor",
            "people_total",
            "people_poor",
            "labour_force",
            "arable_mu",
            "forest_mu",
            "grassland_mu",
            "main_industries",
            "resources",
            "tags",
            "distance_km",
            "has_workstation",
            "is_demonstration",
            "version",
        ]
        read_only_fields = fields


class MemberSerializer(serializers.ModelSerializer):
    id_number = serializers.CharField(source="masked_id_number", read_only=True)

    class Meta:
        model = Member
        fields = [
            "name",
            "id_number",
            "relation",
            "sex",
            "birth_date",
            "education",
            "health",
            "labour",
            "status",
        ]
        read_only_fields = fields


class HouseholdSerializer(serializers.ModelSerializer):
    village_code = serializers.CharField(source="village.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    id_number = serializers.CharField(source="masked_id_number", read_only=True)
    phone = serializers.CharField(source="masked_phone", read_only=True)
    causes = serializers.ListField(
        source="cause_list", child=serializers.CharField(), read_only=True
    )

    class Meta:
        model = Household
        fields = [
            "ref",
            "village_code",
            "village_name",
            "head_name",
            "id_number",
            "phone",
            "size",
            "causes",
            "year_registered",
            "year_exited",
            "tech_help",
            "monitoring",
            "version",
        ]
        read_only_fields = fields


class HouseholdDetailSerializer(HouseholdSerializer):
    members = MemberSerializer(many=True, read_only=True)

    class Meta(HouseholdSerializer.Meta):
        fields = [*HouseholdSerializer.Meta.fields, "members"]
        read_only_fields = fields
