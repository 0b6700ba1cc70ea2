"""/api/v1/ endpoints of the reporting calendar: report-types, submissions, reporting-board.

Reads are scoped (a county officer sees its county's submissions only; out of scope: 404);
writes go through the services (PermissionDenied → 403, a broken rule → 400 with messages).
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bangfu.accounts import audit
from bangfu.accounts.guards import require
from bangfu.accounts.permissions import ReadsReporting
from bangfu.places.programme import current_programme

from . import checks, selectors, steps
from .models import ReportType, Submission
from .rules import may_review, require_own_county
from .serializers import (
    BoardSerializer,
    BoardYearSerializer,
    CountsSerializer,
    FindingSerializer,
    ReopenReasonSerializer,
    ReportTypeEditSerializer,
    ReportTypeSerializer,
    ReviewNoteSerializer,
    StepBoardSerializer,
    StepCountySerializer,
    StepOutcomeDetailSerializer,
    StepOutcomeSerializer,
    SubmissionDetailSerializer,
    SubmissionFilterSerializer,
    SubmissionSerializer,
    SubmitSerializer,
)
from .services.calendar import report_type_save
from .services.filing import submission_save, submission_submit
from .services.review import submission_accept, submission_reopen, submission_return


def _parse(serializer_class, request, *, data=None) -> dict:
    s = serializer_class(data=request.data if data is None else data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


class ReportTypeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The report calendar of the current programme; the city office edits a due rule."""

    permission_classes = [ReadsReporting]

    serializer_class = ReportTypeSerializer
    queryset = ReportType.objects.none()  # the schema's model; get_queryset scopes

    def get_queryset(self):
        return ReportType.objects.filter(programme=current_programme())

    @extend_schema(
        summary="Change a report's due rule (city office); expected submissions follow",
        request=ReportTypeEditSerializer,
        responses=ReportTypeSerializer,
    )
    @action(detail=True, methods=["post"])
    def rule(self, request, pk=None):
        report = self.get_object()
        require(may_review(request.user), "reporting.calendar", report)
        data = _parse(ReportTypeEditSerializer, request)
        report_type_save(user=request.user, report=report, **data)
        report.refresh_from_db()
        return Response(ReportTypeSerializer(report).data)


class SubmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Expected submissions: county × report × period, with their workflow."""

    permission_classes = [ReadsReporting]
    queryset = Submission.objects.none()  # the schema's model; get_queryset scopes

    def get_serializer_class(self):
        return SubmissionDetailSerializer if self.action != "list" else SubmissionSerializer

    def get_queryset(self):
        return selectors.submissions_for(self.request.user, current_programme()).order_by(
            "due_date", "report__attachment", "county__code"
        )

    def get_object(self):
        obj = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            audit.record(
                event="access_denied", outcome="denied", detail=f"submission {self.kwargs['pk']}"
            )
            raise Http404
        return obj

    @extend_schema(parameters=[SubmissionFilterSerializer])
    def list(self, request, *args, **kwargs):
        f = _parse(SubmissionFilterSerializer, request, data=request.query_params)
        qs = selectors.filter_submissions(self.get_queryset(), **f)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(SubmissionSerializer(page, many=True).data)

    def _detail(self, submission):
        submission.refresh_from_db()
        return Response(SubmissionDetailSerializer(submission).data)

    @extend_schema(summary="The checks before submitting", responses=FindingSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)  # all of them, not paged
    def checks(self, request, pk=None):
        submission = self.get_object()
        return Response([f.as_dict() for f in checks.run_checks(submission)])

    @extend_schema(
        summary="File the form as the data stands (county office of the submission's county)",
        request=SubmitSerializer,
        responses=SubmissionDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        submission = self.get_object()
        require_own_county(request.user, submission)
        data = _parse(SubmitSerializer, request)
        if "sections" in data:
            submission_save(
                user=request.user,
                submission=submission,
                remarks=data.get("remarks", submission.remarks),
                sections=data["sections"],
            )
            submission.refresh_from_db()
        submission_submit(
            user=request.user,
            submission=submission,
            remarks=data.get("remarks"),
            acknowledged=data["acknowledged"],
        )
        return self._detail(submission)

    @extend_schema(
        summary="Send a submitted filing back with a note (city office)",
        request=ReviewNoteSerializer,
        responses=SubmissionDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        submission = self.get_object()
        require(may_review(request.user), "reporting.review", submission)
        data = _parse(ReviewNoteSerializer, request)
        submission_return(user=request.user, submission=submission, note=data.get("note", ""))
        return self._detail(submission)

    @extend_schema(
        summary="Accept a submitted filing (city office); locks the period's records",
        request=ReviewNoteSerializer,
        responses=SubmissionDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        submission = self.get_object()
        require(may_review(request.user), "reporting.review", submission)
        data = _parse(ReviewNoteSerializer, request)
        submission_accept(user=request.user, submission=submission, note=data.get("note", ""))
        return self._detail(submission)

    @extend_schema(
        summary="Re-open an accepted filing and its locked periods, with a reason (city office)",
        request=ReopenReasonSerializer,
        responses=SubmissionDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        submission = self.get_object()
        require(may_review(request.user), "reporting.reopen", submission)
        data = _parse(ReopenReasonSerializer, request)
        submission_reopen(user=request.user, submission=submission, reason=data["reason"])
        return self._detail(submission)


class BoardViewSet(viewsets.ViewSet):
    """Completeness and timeliness: expected vs submitted vs on time, by county and report."""

    permission_classes = [ReadsReporting]

    @extend_schema(parameters=[BoardYearSerializer], responses=BoardSerializer)
    def list(self, request):
        year = _parse(BoardYearSerializer, request, data=request.query_params).get("year")
        board = selectors.board(user=request.user, programme=current_programme(), year=year)
        counties = [
            {
                "county": county.code,
                "name": county.name,
                "total": CountsSerializer(total).data,
                "reports": {
                    r.code: CountsSerializer(c).data
                    for r, c in zip(board.reports, cells, strict=True)
                },
            }
            for county, cells, total in board.rows()
        ]
        return Response(
            {
                "today": board.today,
                "year": year,
                "total": CountsSerializer(board.total).data,
                "counties": counties,
                "overdue": [
                    {
                        "id": s.pk,
                        "county": s.county.code,
                        "report": s.report.code,
                        "period": s.period,
                        "due_date": s.due_date,
                    }
                    for s in board.overdue
                ],
            }
        )


class StepViewSet(viewsets.ViewSet):
    """The plan's dated steps (§五) and each county's state of them, derived from its records."""

    permission_classes = [ReadsReporting]
    lookup_field = "key"
    lookup_value_regex = "[a-z_]+"

    @extend_schema(responses=StepBoardSerializer)
    def list(self, request):
        programme = current_programme()
        board = steps.step_board(user=request.user, programme=programme)
        return Response(
            {
                "steps": [
                    {
                        "key": s.key,
                        "section": s.section,
                        "title": str(s.title),
                        "rule": str(s.rule),
                        "deadline": s.deadline(programme),
                    }
                    for s in steps.STEPS
                ],
                "counties": StepOutcomeSerializer(
                    [o for _county, outcomes in board for o in outcomes], many=True
                ).data,
            }
        )

    @extend_schema(
        summary="One step's records for a county (a county office: its own)",
        parameters=[StepCountySerializer],
        responses=StepOutcomeDetailSerializer,
    )
    def retrieve(self, request, key=None):
        from bangfu.groups.selectors import county_get_for_user

        step = steps.get_step(key)
        if step is None:
            raise Http404
        programme = current_programme()
        code = _parse(StepCountySerializer, request, data=request.query_params).get("county", "")
        if not code and getattr(request.user, "county_id", None):
            code = request.user.county.code
        county = county_get_for_user(user=request.user, programme=programme, code=code)
        return Response(StepOutcomeDetailSerializer(steps.outcome(step, programme, county)).data)


def register(router) -> None:
    """Add this part's endpoints to the /api/v1/ router."""
    router.register("report-types", ReportTypeViewSet, basename="report-type")
    router.register("submissions", SubmissionViewSet, basename="submission")
    router.register("reporting-board", BoardViewSet, basename="reporting-board")
    router.register("reporting-steps", StepViewSet, basename="reporting-step")
