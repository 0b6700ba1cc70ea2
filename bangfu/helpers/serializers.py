"""The helpers' API serializer; the liaison's number follows `accounts.contacts.phone_for`."""

from rest_framework import serializers

from bangfu.accounts.contacts import phone_for

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

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        data["liaison_phone"] = phone_for(
            getattr(request, "user", None), instance.liaison_phone, helper_id=instance.pk
        )
        return data
