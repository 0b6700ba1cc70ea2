"""Suggestion API: /api/v1/suggestion-runs/ — run the solver, read its pairs, accept or reject
them, and the fit weights (the city office sets them)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bangfu.accounts.guards import require
from bangfu.places.models import Division

from ..models import Suggestion
from ..selectors.suggestions import (
    run_get_for_user,
    runs_for_user,
    suggestion_get_for_user,
    suggestions_of_run,
    weights_for_page,
)
from ..serializers.suggestions import (
    AcceptResultSerializer,
    AcceptSerializer,
    RejectSerializer,
    RunStartSerializer,
    SuggestionRunDetailSerializer,
    SuggestionRunSerializer,
    SuggestionSerializer,
    WeightsSerializer,
)
from ..services.suggestion_decisions import (
    fit_weights_update,
    suggestion_accept_many,
    suggestion_reject,
)
from ..services.suggestions import suggestion_run_start
from ..suggestions.access import may_suggest
from .parsing import BODY_PARSERS, parse


class SuggestionRunViewSet(viewsets.GenericViewSet):
    """Pairing suggestions: the county office (its county) and the city office (all)."""

    serializer_class = SuggestionRunSerializer
    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-f-]{36}"
    filter_backends = []
    parser_classes = BODY_PARSERS

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        require(may_suggest(request.user), "pairing.suggest")

    def get_queryset(self):
        return runs_for_user(user=self.request.user)

    def _run(self):
        return run_get_for_user(user=self.request.user, public_id=self.kwargs["public_id"])

    @extend_schema(summary="The latest runs", responses=SuggestionRunSerializer(many=True))
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(SuggestionRunSerializer(page, many=True).data)

    @extend_schema(
        summary="Run the suggestions (at once when small, else in the background: poll it)",
        request=RunStartSerializer,
        responses={201: SuggestionRunSerializer},
    )
    def create(self, request):
        data = parse(RunStartSerializer, request)
        county = None
        if data.get("county"):
            county = Division.objects.filter(level="county", code=data["county"]).first()
            if county is None:
                raise ValidationError({"county": "No county has this code."})
        run = suggestion_run_start(user=request.user, county=county, widened=data["widened"])
        return Response(SuggestionRunSerializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="One run: progress, summary (coverage before and after, greedy) and its pairs",
        responses=SuggestionRunDetailSerializer,
    )
    def retrieve(self, request, public_id=None):
        run = self._run()
        rows = list(suggestions_of_run(user=request.user, run=run)) if run.finished else []
        return Response(SuggestionRunDetailSerializer(run, context={"rows": rows}).data)

    @extend_schema(
        summary="Accept suggestions: each becomes a proposed pairing, or says why not",
        request=AcceptSerializer,
        responses=AcceptResultSerializer,
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, public_id=None):
        run = self._run()
        data = parse(AcceptSerializer, request)
        chosen = list(
            suggestions_of_run(user=request.user, run=run, state=Suggestion.State.OPEN).filter(
                pk__in=data["suggestions"]
            )
        )
        if not chosen:
            raise ValidationError(
                {"suggestions": "None of these is an open suggestion of the run."}
            )
        made, refused = suggestion_accept_many(
            user=request.user, suggestions=chosen, start_date=data.get("start_date")
        )
        return Response(
            {
                "made": [p.number for p in made],
                "refused": [{"id": s.pk, "reason": reason} for s, reason in refused],
            }
        )

    @extend_schema(
        summary="Reject a suggestion with a reason: later runs leave the pair out",
        request=RejectSerializer,
        responses=SuggestionSerializer,
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, public_id=None):
        run = self._run()
        data = parse(RejectSerializer, request)
        suggestion = suggestion_get_for_user(user=request.user, run=run, pk=data["suggestion"])
        suggestion = suggestion_reject(
            user=request.user, suggestion=suggestion, reason=data["reason"]
        )
        return Response(SuggestionSerializer(suggestion).data)

    @extend_schema(
        summary="The fit weights (GET: everyone who runs suggestions; PUT: the city office)",
        request=WeightsSerializer,
        responses=WeightsSerializer,
        methods=["GET", "PUT"],
    )
    @action(detail=False, methods=["get", "put"])
    def weights(self, request):
        if request.method == "PUT":
            data = parse(WeightsSerializer, request, partial=True)
            row = fit_weights_update(user=request.user, values=data)
            return Response(WeightsSerializer(row).data)
        return Response(WeightsSerializer(weights_for_page()).data)
