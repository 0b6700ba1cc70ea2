from rest_framework import serializers

from .models import Helper


class HelperSerializer(serializers.ModelSerializer):
    class Meta:
        model = Helper
        fields = [
            "uscc",
            "name",
            "kind",
            "industry",
            "strengths",
            "address",
            "capacity",
            "liaison_name",
            "liaison_phone",
            "version",
        ]
        read_only_fields = fields
