"""Training API: /api/v1/training-sessions/ and /api/v1/trainees/ (ID numbers masked).

Thin: serializers.py parses, services.py writes, selectors.py reads (scoped; out of scope is
404). Recording: the institute, county offices in their county, a helper liaison for its own
helper's sessions (rules.py).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from bangfu.helpers.models import Helper
from bangfu.places.models import Division
from bangfu.training import selectors, services
from bangfu.training.rules import may_record_any, shows_poor
from bangfu.training.serializers import (
    RosterFilterSerializer,
    SessionSerializer,
    SessionWriteSerializer,
    TraineeSerializer,
    TraineeWriteSerializer,
)


def _parse(serializer_class, data, partial=False) -> dict:
    s = serializer_class(data=data, partial=partial)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def _recorder(user) -> None:
    if not may_record_any(user):
        raise PermissionDenied("training.record")


def _division(code, level, field):
    if not code:
        return None
    found = Division.objects.filter(code=code, level=level).first()
    if found is None:
        messages = {
            "county": _("No county has this code."),
            "township": _("No township has this code."),
            "village": _("No village has this code."),
        }
        raise ValidationError({field: messages[level]})
    return found


def _session_values(user, data: dict) -> dict:
    out = dict(data)
    out["county"] = _division(data.get("county"), "county", "county")
    out["township"] = _division(data.get("township"), "township", "township")
    out["village"] = _division(data.get("village"), "village", "village")
    uscc = (data.get("helper") or "").upper()
    out["helper"] = Helper.objects.for_user(user).filter(uscc=uscc).first() if uscc else None
    if uscc and out["helper"] is None:
        raise ValidationError({"helper": _("No helper has this code.")})
    number = data.get("assistance") or ""
    out["assistance"] = selectors.record_by_number(user, number)
    if number and out["assistance"] is None:
        raise ValidationError({"assistance": _("No assistance record of yours has this number.")})
    return out


class TrainingSessionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Training sessions (培训班) for village technicians."""

    filter_backends = []
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return SessionWriteSerializer
        return SessionSerializer

    def get_queryset(self):
        params = self.request.query_params
        filters = {k: params.get(k) for k in ("county", "course", "year") if params.get(k)}
        return selectors.session_list_for_user(user=self.request.user, filters=filters)

    def get_object(self):
        return selectors.session_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    @extend_schema(request=SessionWriteSerializer, responses={201: SessionSerializer})
    def create(self, request):
        _recorder(request.user)
        data = _session_values(request.user, _parse(SessionWriteSerializer, request.data))
        session = services.session_save(user=request.user, **data)
        return Response(SessionSerializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SessionWriteSerializer, responses={200: SessionSerializer})
    def partial_update(self, request, pk=None):
        session = self.get_object()
        current = {
            "course": session.course,
            "starts_on": session.starts_on,
            "ends_on": session.ends_on,
            "place": session.place,
            "county": session.county.code,
            "township": session.township.code if session.township_id else "",
            "village": session.village.code if session.village_id else "",
            "organiser": session.organiser,
            "helper": session.helper.uscc if session.helper_id else "",
            "teacher": session.teacher,
            "assistance": session.assistance.number if session.assistance_id else "",
            "note": session.note,
        }
        sent = _parse(SessionWriteSerializer, request.data, partial=True)
        data = _session_values(request.user, {**current, **sent})
        session = services.session_save(user=request.user, session=session, **data)
        return Response(SessionSerializer(session).data)


class TraineeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The roster of trainees (学员花名册); ID numbers masked."""

    filter_backends = []
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return TraineeWriteSerializer
        return TraineeSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "shows_poor": shows_poor(self.request.user)}

    def get_queryset(self):
        data = _parse(RosterFilterSerializer, self.request.query_params)
        filters = {k: v for k, v in data.items() if v not in (None, "")}
        return selectors.trainee_list_for_user(user=self.request.user, filters=filters)

    def get_object(self):
        return selectors.trainee_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def _out(self, trainee):
        return TraineeSerializer(trainee, context=self.get_serializer_context()).data

    @extend_schema(request=TraineeWriteSerializer, responses={201: TraineeSerializer})
    def create(self, request):
        _recorder(request.user)
        data = _parse(TraineeWriteSerializer, request.data)
        if not data.get("session"):
            raise ValidationError({"session": _("Give the session's id.")})
        session = selectors.session_get_for_user(user=request.user, pk=data.pop("session"))
        data["village"] = _division(data["village"], "village", "village")
        trainee = services.trainee_save(user=request.user, session=session, **data)
        return Response(self._out(trainee), status=status.HTTP_201_CREATED)

    @extend_schema(request=TraineeWriteSerializer, responses={200: TraineeSerializer})
    def partial_update(self, request, pk=None):
        trainee = self.get_object()
        sent = _parse(TraineeWriteSerializer, request.data, partial=True)
        sent.pop("session", None)
        village = sent.get("village")
        data = {
            "name": sent.get("name", trainee.name),
            "id_number": sent.get("id_number") or trainee.id_number,
            "village": _division(village, "village", "village") if village else trainee.village,
            "certificate_no": sent.get("certificate_no", trainee.certificate_no),
        }
        trainee = services.trainee_save(
            user=request.user, session=trainee.session, trainee=trainee, **data
        )
        return Response(self._out(trainee))

    @extend_schema(responses={204: OpenApiResponse(description="taken off the roster")})
    def destroy(self, request, pk=None):
        trainee = self.get_object()
        services.trainee_remove(user=request.user, trainee=trainee)
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router) -> None:
    """Add the training sessions and trainees to the /api/v1/ router."""
    router.register("training-sessions", TrainingSessionViewSet, basename="training-session")
    router.register("trainees", TraineeViewSet, basename="trainee")
