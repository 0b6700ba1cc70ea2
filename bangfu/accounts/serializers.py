"""The accounts' API serializers: one's own account, and audit rows."""

from rest_framework import serializers

from .models import AuditEvent, User


class MeSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(read_only=True)
    county_code = serializers.CharField(
        source="county.code", default=None, read_only=True, allow_null=True
    )
    county_name = serializers.CharField(
        source="county.name", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "role", "role_label", "county_code", "county_name"]
        read_only_fields = fields


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "at",
            "actor_name",
            "role",
            "address",
            "request_id",
            "channel",
            "event",
            "object_type",
            "object_id",
            "object_repr",
            "outcome",
            "changes",
            "detail",
            "hash",
        ]
        read_only_fields = fields
