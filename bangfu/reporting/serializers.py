"""Shapes of the reporting API: report types, submissions and filings, the board; inputs."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from .models import Filing, Frequency, Report, ReportType, State, Submission
from .steps import StepState


class ReportTypeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_code_display", read_only=True)

    class Meta:
        model = ReportType
        fields = [
            "id",
            "code",
            "name",
            "attachment",
            "frequency",
            "due_on",
            "due_days",
            "remind_days_before",
            "active",
            "version",
        ]
        read_only_fields = ["id", "code", "name", "attachment", "version"]


class ReportTypeEditSerializer(serializers.Serializer):
    frequency = serializers.ChoiceField(choices=Frequency.choices)
    due_on = serializers.DateField(required=False, allow_null=True)
    due_days = serializers.CharField(required=False, allow_blank=True, max_length=32)
    remind_days_before = serializers.IntegerField(min_value=0, max_value=60, default=7)
    active = serializers.BooleanField(default=True)


class FilingSerializer(serializers.ModelSerializer):
    submitted_by = serializers.CharField(source="submitted_by.username")

    class Meta:
        model = Filing
        fields = ["number", "submitted_at", "submitted_by", "remarks", "checks", "sha256"]


class SubmissionSerializer(serializers.ModelSerializer):
    report = serializers.CharField(source="report.code")
    attachment = serializers.IntegerField(source="report.attachment")
    county = serializers.CharField(source="county.code")
    county_name = serializers.CharField(source="county.name")
    status = serializers.SerializerMethodField()
    on_time = serializers.BooleanField(allow_null=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "report",
            "attachment",
            "county",
            "county_name",
            "period",
            "due_date",
            "state",
            "status",
            "first_submitted_at",
            "submitted_at",
            "on_time",
            "remarks",
            "review_note",
            "reviewed_at",
            "version",
        ]

    def get_status(self, obj) -> str:
        return obj.status_on(timezone.localdate())


class SubmissionDetailSerializer(SubmissionSerializer):
    filings = FilingSerializer(many=True, read_only=True)

    class Meta(SubmissionSerializer.Meta):
        fields = [*SubmissionSerializer.Meta.fields, "sections", "filings"]


class SubmissionFilterSerializer(serializers.Serializer):
    county = serializers.CharField(required=False, allow_blank=True, help_text="county code")
    report = serializers.ChoiceField(choices=Report.choices, required=False, allow_blank=True)
    period = serializers.CharField(required=False, allow_blank=True, help_text="2017 or 2017H1")
    status = serializers.ChoiceField(
        choices=["open", "overdue", State.SUBMITTED, State.RETURNED, State.ACCEPTED],
        required=False,
        allow_blank=True,
    )


class SubmitSerializer(serializers.Serializer):
    remarks = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    sections = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    acknowledged = serializers.BooleanField(
        default=False, help_text="the county has read the warnings and files with them"
    )


class ReviewNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class ReopenReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class FindingSerializer(serializers.Serializer):
    level = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()
    count = serializers.IntegerField()
    url = serializers.CharField()
    remark = serializers.BooleanField(help_text="settled by the county's remarks")
    items = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text="the records or figures the finding names: {label, url}",
    )


class CountsSerializer(serializers.Serializer):
    expected = serializers.IntegerField()
    submitted = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    overdue = serializers.IntegerField()
    accepted = serializers.IntegerField()
    returned = serializers.IntegerField()


class BoardCountySerializer(serializers.Serializer):
    county = serializers.CharField()
    name = serializers.CharField()
    total = CountsSerializer()
    reports = serializers.DictField(child=CountsSerializer(), help_text="by report code")


class OverdueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    county = serializers.CharField()
    report = serializers.CharField()
    period = serializers.CharField()
    due_date = serializers.DateField()


@extend_schema_serializer(many=False)  # the board's `list` answers one object
class BoardSerializer(serializers.Serializer):
    today = serializers.DateField()
    year = serializers.IntegerField(allow_null=True)
    total = CountsSerializer()
    counties = BoardCountySerializer(many=True)
    overdue = OverdueSerializer(many=True)


class BoardYearSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


# --------------------------------------------------------------------------- plan steps


class PlanStepSerializer(serializers.Serializer):
    key = serializers.CharField()
    section = serializers.CharField()
    title = serializers.CharField()
    rule = serializers.CharField()
    deadline = serializers.DateField()


class StepItemSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField()
    done_on = serializers.DateField(allow_null=True)
    detail = serializers.CharField()


class StepOutcomeSerializer(serializers.Serializer):
    step = serializers.CharField(source="step.key")
    county = serializers.CharField(source="county.code")
    name = serializers.CharField(source="county.name")
    deadline = serializers.DateField()
    state = serializers.ChoiceField(choices=StepState.choices)
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    met_on = serializers.DateField(allow_null=True)
    url = serializers.CharField()


class StepOutcomeDetailSerializer(StepOutcomeSerializer):
    items = StepItemSerializer(many=True)


@extend_schema_serializer(many=False)  # the steps' `list` answers one object
class StepBoardSerializer(serializers.Serializer):
    steps = PlanStepSerializer(many=True)
    counties = StepOutcomeSerializer(many=True)


class StepCountySerializer(serializers.Serializer):
    county = serializers.CharField(required=False, allow_blank=True, max_length=12)
