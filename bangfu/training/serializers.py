"""Serializers of the training API: sessions, trainees (ID numbers masked), their inputs."""

from __future__ import annotations

from rest_framework import serializers

from bangfu.training.models import Organiser, Trainee, TrainingSession


class SessionSerializer(serializers.ModelSerializer):
    county = serializers.CharField(source="county.code", read_only=True)
    township = serializers.CharField(source="township.code", read_only=True, allow_null=True)
    village = serializers.CharField(source="village.code", read_only=True, allow_null=True)
    helper = serializers.CharField(source="helper.uscc", read_only=True, allow_null=True)
    assistance = serializers.CharField(source="assistance.number", read_only=True, allow_null=True)
    trainee_count = serializers.SerializerMethodField()

    class Meta:
        model = TrainingSession
        fields = [
            "id",
            "course",
            "starts_on",
            "ends_on",
            "place",
            "county",
            "township",
            "village",
            "organiser",
            "helper",
            "teacher",
            "assistance",
            "note",
            "trainee_count",
            "version",
        ]
        read_only_fields = fields

    def get_trainee_count(self, obj) -> int:
        """The names on the roster."""
        n = getattr(obj, "n_trainees", None)
        return obj.trainees.count() if n is None else n


class SessionWriteSerializer(serializers.Serializer):
    course = serializers.CharField(max_length=100)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    place = serializers.CharField(max_length=100)
    county = serializers.CharField(required=False, allow_blank=True, help_text="county code")
    township = serializers.CharField(required=False, allow_blank=True, help_text="township code")
    village = serializers.CharField(required=False, allow_blank=True, help_text="village code")
    organiser = serializers.ChoiceField(choices=Organiser.choices, default=Organiser.INSTITUTE)
    helper = serializers.CharField(required=False, allow_blank=True, help_text="helper USCC")
    teacher = serializers.CharField(required=False, allow_blank=True, default="")
    assistance = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="number of the training assistance record the session reports",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TraineeSerializer(serializers.ModelSerializer):
    """A trainee; the ID number masked. `poor_household` only for roles that read households
    (null otherwise)."""

    id_number = serializers.CharField(source="masked_id_number", read_only=True)
    village = serializers.CharField(source="village.code", read_only=True)
    course = serializers.CharField(source="session.course", read_only=True)
    trained_on = serializers.DateField(source="session.starts_on", read_only=True)
    poor_household = serializers.SerializerMethodField()

    class Meta:
        model = Trainee
        fields = [
            "id",
            "session",
            "name",
            "id_number",
            "village",
            "course",
            "trained_on",
            "certificate_no",
            "poor_household",
            "version",
        ]
        read_only_fields = fields

    def get_poor_household(self, obj) -> bool | None:
        return obj.is_poor if self.context.get("shows_poor") else None


class TraineeWriteSerializer(serializers.Serializer):
    session = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text="the session's id (new trainee)"
    )
    name = serializers.CharField(max_length=32)
    id_number = serializers.CharField(max_length=30)
    village = serializers.CharField(help_text="12-digit code of the trainee's village")
    certificate_no = serializers.CharField(required=False, allow_blank=True, default="")


class RosterFilterSerializer(serializers.Serializer):
    county = serializers.CharField(required=False, allow_blank=True)
    township = serializers.CharField(required=False, allow_blank=True)
    village = serializers.CharField(required=False, allow_blank=True)
    course = serializers.CharField(required=False, allow_blank=True)
    year = serializers.IntegerField(required=False, allow_null=True, min_value=2000, max_value=2100)
    certificate = serializers.ChoiceField(choices=["yes", "no", ""], required=False)
    session = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**31 - 1
    )
