"""The places' API serializers; service staff numbers follow `accounts.contacts.phone_for`."""

from rest_framework import serializers

from bangfu.accounts.contacts import phone_for

from .models import Division, Programme, RegionPairing, ServicePoint, ServiceStaff


class DivisionSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(
        source="parent.code", default=None, read_only=True, allow_null=True
    )
    county_code = serializers.CharField(
        source="county.code", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Division
        fields = ["code", "level", "name", "parent_code", "county_code", "initials"]
        read_only_fields = fields


class ProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = [
            "id",
            "name",
            "start_year",
            "end_year",
            "max_helpers_per_village",
            "demonstration_quota",
            "is_current",
            "description",
        ]
        read_only_fields = fields


class RegionPairingSerializer(serializers.ModelSerializer):
    county_code = serializers.CharField(source="county.code", read_only=True)
    county_name = serializers.CharField(source="county.name", read_only=True)

    class Meta:
        model = RegionPairing
        fields = ["id", "programme", "helping_district", "county_code", "county_name", "note"]
        read_only_fields = fields


class ServiceStaffSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceStaff
        fields = ["name", "post", "phone"]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        data["phone"] = phone_for(
            getattr(request, "user", None),
            instance.phone,
            county_id=instance.point.division.county_id,
        )
        return data


class ServicePointSerializer(serializers.ModelSerializer):
    division_code = serializers.CharField(source="division.code", read_only=True)
    staff = ServiceStaffSerializer(many=True, read_only=True)

    class Meta:
        model = ServicePoint
        fields = ["id", "kind", "name", "division_code", "address", "opened_on", "staff"]
        read_only_fields = fields
