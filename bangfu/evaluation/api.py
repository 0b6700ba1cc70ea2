"""Evaluation API: /api/v1/evaluations/ (the year's board; a county's evaluation with its
three checks and evidence; `score` to save or submit a check), /api/v1/checklists/,
/api/v1/cross-checks/ (the rotation) and /api/v1/notices/.

Thin: reads through evaluation.py's scoped selectors (out of scope: 404), writes through
its services (not allowed: 403; a broken rule: 400 with the messages).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bangfu.evaluation import services as ev
from bangfu.evaluation.models import (
    Checklist,
    ChecklistItem,
    CrossCheckAssignment,
    Evaluation,
    Notice,
    NoticeEntry,
    Score,
    ScoreSheet,
    SheetKind,
)


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "group", "title", "points", "evidence_key", "order"]


class ChecklistSerializer(serializers.ModelSerializer):
    items = ItemSerializer(many=True, read_only=True)
    points = serializers.SerializerMethodField()

    class Meta:
        model = Checklist
        fields = ["id", "year", "note", "points", "items", "version"]

    def get_points(self, obj) -> int:
        return sum(i.points for i in obj.items.all())


class ScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Score
        fields = ["item", "score", "note"]


class SheetSerializer(serializers.ModelSerializer):
    checker_county = serializers.CharField(
        source="checker_county.code", default=None, allow_null=True
    )
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta:
        model = ScoreSheet
        fields = ["kind", "state", "checker_county", "total", "note", "submitted_at", "scores"]


class EvaluationSerializer(serializers.ModelSerializer):
    county = serializers.CharField(source="county.code", read_only=True)
    county_name = serializers.CharField(source="county.name", read_only=True)
    year = serializers.IntegerField(source="checklist.year", read_only=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "year",
            "county",
            "county_name",
            "final_score",
            "rank",
            "grade",
            "finalised_at",
        ]


class ScoreLineSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    score = serializers.CharField(allow_blank=True, allow_null=True, required=False)
    note = serializers.CharField(allow_blank=True, required=False, default="")


class ScoreInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SheetKind.choices)
    scores = ScoreLineSerializer(many=True)
    note = serializers.CharField(allow_blank=True, required=False, default="")
    submit = serializers.BooleanField(required=False, default=False)


class EvaluationFilterSerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, allow_null=True)
    county = serializers.CharField(required=False, allow_blank=True)


class _Readers:
    filter_backends = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not ev.may_read(request.user):
            raise PermissionDenied


class EvaluationViewSet(
    _Readers, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Evaluations in the caller's scope (a county office: its own and the one it
    cross-checks); the detail adds the evidence figures and the three checks."""

    serializer_class = EvaluationSerializer

    def get_queryset(self):
        f = EvaluationFilterSerializer(data=self.request.query_params)
        f.is_valid(raise_exception=True)
        qs = Evaluation.objects.for_user(self.request.user).select_related("county", "checklist")
        if f.validated_data.get("year"):
            qs = qs.filter(checklist__year=f.validated_data["year"])
        if f.validated_data.get("county"):
            qs = qs.filter(county__code=f.validated_data["county"])
        return qs.order_by("-checklist__year", "rank", "county__code")

    def get_object(self):
        return ev.evaluation_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def retrieve(self, request, pk=None):
        evaluation = self.get_object()
        rows, sheets = ev.evaluation_rows(evaluation)
        data = EvaluationSerializer(evaluation).data
        data["evidence"] = {
            r.item.pk: {"key": r.figure.key, "value": r.figure.value, "text": r.figure.text}
            for r in rows
            if r.figure is not None
        }
        own_or_wide = (
            request.user.role != "county" or request.user.county_id == evaluation.county_id
        )
        data["sheets"] = [
            SheetSerializer(s).data
            for k, s in sorted(sheets.items())
            if k != SheetKind.SPOT or own_or_wide
        ]
        return Response(data)

    @action(detail=True, methods=["post"], serializer_class=ScoreInputSerializer)
    def score(self, request, pk=None):
        """Save (or with `submit`, submit) one check's scores: [{item, score, note}]."""
        evaluation = self.get_object()
        s = ScoreInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = s.validated_data
        if not ev.may_score(request.user, evaluation, data["kind"]):
            raise PermissionDenied
        sheet = ev.sheet_save(
            user=request.user,
            evaluation=evaluation,
            kind=data["kind"],
            scores={
                line["item"]: (line.get("score"), line.get("note", "")) for line in data["scores"]
            },
            note=data["note"],
            submit=data["submit"],
        )
        return Response(SheetSerializer(sheet).data)


class ChecklistViewSet(
    _Readers, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The evaluation checklists by year, with their items."""

    serializer_class = ChecklistSerializer

    def get_queryset(self):
        return Checklist.objects.for_user(self.request.user).prefetch_related("items")


class CrossCheckSerializer(serializers.ModelSerializer):
    checker = serializers.CharField(source="checker.code")
    checked = serializers.CharField(source="checked.code")

    class Meta:
        model = CrossCheckAssignment
        fields = ["id", "year", "checker", "checked", "adjusted", "reason"]


class CrossCheckViewSet(_Readers, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The cross-check rotation: who checks whom, by year (?year=)."""

    serializer_class = CrossCheckSerializer

    def get_queryset(self):
        qs = CrossCheckAssignment.objects.select_related("checker", "checked")
        year = self.request.query_params.get("year", "")
        if year.isdigit():
            qs = qs.filter(year=int(year))
        return qs.order_by("-year", "checked__code")


class NoticeEntrySerializer(serializers.ModelSerializer):
    helper = serializers.CharField(source="helper.uscc", default=None, allow_null=True)

    class Meta:
        model = NoticeEntry
        fields = ["subject", "name", "helper", "reason"]


class NoticeSerializer(serializers.ModelSerializer):
    entries = NoticeEntrySerializer(many=True, read_only=True)

    class Meta:
        model = Notice
        fields = ["id", "year", "kind", "number", "title", "issuer", "issued_on", "entries"]


class NoticeViewSet(
    _Readers, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Commendation and criticism notices (issued ones; drafts for the city office too)."""

    serializer_class = NoticeSerializer

    def get_queryset(self):
        return ev.notice_list_for_user(user=self.request.user)


def register(router) -> None:
    router.register("evaluations", EvaluationViewSet, basename="evaluation")
    router.register("checklists", ChecklistViewSet, basename="checklist")
    router.register("cross-checks", CrossCheckViewSet, basename="cross-check")
    router.register("notices", NoticeViewSet, basename="notice")
