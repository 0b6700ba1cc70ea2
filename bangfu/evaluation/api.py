"""Evaluation API: /api/v1/ evaluations/, checklists/, cross-checks/ (the rotation), notices/.

/evaluations/: the year's board; a county's evaluation with its three checks and evidence;
`score` to save or submit a check. /checklists/: by year with their items. /cross-checks/:
the rotation. /notices/: commendations and criticisms; PATCH a draft notice, PATCH or
DELETE one of its entries (`entries/{id}/`); an issued notice is refused (400).

Thin: reads through the scoped selectors (out of scope: 404), writes through the services
(not allowed: 403; a broken rule: 400 with the messages).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bangfu.evaluation import permissions, selectors
from bangfu.evaluation.models import SheetKind
from bangfu.evaluation.serializers import (
    ChecklistSerializer,
    CrossCheckSerializer,
    EvaluationFilterSerializer,
    EvaluationSerializer,
    NoticeEntryUpdateSerializer,
    NoticeSerializer,
    NoticeUpdateSerializer,
    ScoreInputSerializer,
    SheetSerializer,
)
from bangfu.evaluation.services import notices as notice_services
from bangfu.evaluation.services.checks import sheet_save


class _Readers:
    filter_backends = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not permissions.may_read(request.user):
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
        return selectors.evaluation_list_for_user(user=self.request.user, filters=f.validated_data)

    def get_object(self):
        return selectors.evaluation_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def retrieve(self, request, pk=None):
        evaluation = self.get_object()
        rows, sheets = selectors.evaluation_rows(evaluation)
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
        if not permissions.may_score(request.user, evaluation, data["kind"]):
            raise PermissionDenied
        sheet = sheet_save(
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
        return selectors.checklist_list_for_user(user=self.request.user)


class CrossCheckViewSet(_Readers, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The cross-check rotation: who checks whom, by year (?year=)."""

    serializer_class = CrossCheckSerializer

    def get_queryset(self):
        year = self.request.query_params.get("year", "")
        return selectors.cross_check_list(year=int(year) if year.isdigit() else None)


class NoticeViewSet(
    _Readers, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Commendation and criticism notices (issued ones; drafts for the city office too)."""

    serializer_class = NoticeSerializer

    def get_serializer_class(self):
        if self.action == "partial_update":
            return NoticeUpdateSerializer
        if self.action == "entry":
            return NoticeEntryUpdateSerializer
        return NoticeSerializer

    def get_queryset(self):
        return selectors.notice_list_for_user(user=self.request.user)

    def get_object(self):
        return selectors.notice_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def _answer(self, notice, code=status.HTTP_200_OK):
        notice = selectors.notice_get_for_user(user=self.request.user, pk=notice.pk)
        return Response(NoticeSerializer(notice).data, status=code)

    @extend_schema(
        summary="Edit a draft notice (only the fields sent change)",
        request=NoticeUpdateSerializer,
        responses=NoticeSerializer,
    )
    def partial_update(self, request, pk=None):
        notice = self.get_object()
        if not permissions.may_manage(request.user):
            raise PermissionDenied
        s = NoticeUpdateSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        notice_services.notice_update(user=request.user, notice=notice, **s.validated_data)
        return self._answer(notice)

    @extend_schema(
        summary="Edit (PATCH) or take off (DELETE) an entry of a draft notice",
        request=NoticeEntryUpdateSerializer,
        responses=NoticeSerializer,
    )
    @action(detail=True, methods=["patch", "delete"], url_path=r"entries/(?P<entry_pk>\d+)")
    def entry(self, request, pk=None, entry_pk=None):
        notice = self.get_object()
        if not permissions.may_manage(request.user):
            raise PermissionDenied
        entry = selectors.notice_entry_get(notice=notice, pk=int(entry_pk))
        s = NoticeEntryUpdateSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        if request.method == "DELETE":
            notice_services.notice_entry_remove(
                user=request.user, entry=entry, version=data.get("version")
            )
            return self._answer(notice)
        if "helper" in data:
            data["helper"] = _helper(data["helper"])
        if "county" in data:
            data["county"] = _county(data["county"])
        notice_services.notice_entry_update(user=request.user, entry=entry, **data)
        return self._answer(notice)


def _helper(uscc: str):
    from bangfu.helpers.models import Helper

    if not uscc:
        return None
    helper = Helper.objects.filter(uscc=uscc).first()
    if helper is None:
        raise ValidationError({"helper": _("No helper has this credit code.")})
    return helper


def _county(code: str):
    from bangfu.places.models import Division

    if not code:
        return None
    county = Division.objects.filter(code=code, level="county").first()
    if county is None:
        raise ValidationError({"county": _("Choose a county.")})
    return county


def register(router) -> None:
    router.register("evaluations", EvaluationViewSet, basename="evaluation")
    router.register("checklists", ChecklistViewSet, basename="checklist")
    router.register("cross-checks", CrossCheckViewSet, basename="cross-check")
    router.register("notices", NoticeViewSet, basename="notice")
