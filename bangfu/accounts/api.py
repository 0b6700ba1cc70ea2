"""The accounts' API: one's own account, the audit trail for the auditor, issuing a token."""

import django_filters
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import authentication
from .models import AuditEvent
from .permissions import IsAuditor, IsAuthenticatedAccount
from .serializers import AuditEventSerializer, MeSerializer


class MeView(generics.RetrieveAPIView):
    """The signed-in account: role and data scope."""

    serializer_class = MeSerializer
    permission_classes = [IsAuthenticatedAccount]

    def get_object(self):
        return self.request.user


class AuditEventFilter(django_filters.FilterSet):
    since = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="lt")
    actor = django_filters.CharFilter(field_name="actor_name")

    class Meta:
        model = AuditEvent
        fields = ["event", "object_type", "outcome", "actor", "since", "until"]


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail, read-only, for the auditor alone."""

    serializer_class = AuditEventSerializer
    permission_classes = [IsAuditor]
    filterset_class = AuditEventFilter

    def get_queryset(self):
        return AuditEvent.objects.for_user(self.request.user).order_by("-id")


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    otp = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        help_text="The authenticator's six-digit code or a recovery code; required for the "
        "roles that sign in with a second factor (city office, system administrator, "
        "auditor, security administrator) and for accounts that enrolled one.",
    )


def _refusal(exc: authentication.TokenRefused) -> Response:
    if exc.code == "locked":
        time = date_format(timezone.localtime(exc.locked_until), "Y-m-d H:i")
        detail = _(
            "Too many failed sign-ins: signing in from this address is refused until %(time)s."
        ) % {"time": time}
        return Response(
            {"detail": detail, "code": exc.code, "locked_until": exc.locked_until.isoformat()},
            status=429,
        )
    detail, status = {
        "credentials": (_("The username or password is not correct."), 401),
        "otp_required": (
            _(
                "This account signs in with a second factor: give the six-digit code from "
                "the authenticator (or a recovery code) in the field otp."
            ),
            401,
        ),
        "otp_wrong": (_("The second-factor code is not correct."), 401),
        "otp_enrolment_required": (
            _(
                "This account has no second factor yet: sign in on the website once to "
                "enrol an authenticator, then ask for a token."
            ),
            403,
        ),
    }[exc.code]
    return Response({"detail": detail, "code": exc.code}, status=status)


class TokenIssueView(APIView):
    """Issue an API token (header `Authorization: Token <key>`) for a username and
    password, plus the second-factor code where the account needs one. Locked out like the
    sign-in page: per username and address, and per address. A new token replaces the old."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("TokenIssued", {"token": serializers.CharField()}),
            400: OpenApiResponse(description="A field is missing"),
            401: OpenApiResponse(description="Wrong credentials, code missing or wrong"),
            403: OpenApiResponse(description="The account must enrol a second factor first"),
            429: OpenApiResponse(description="Locked after failed sign-ins, until the time given"),
        },
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            key = authentication.token_issue(
                request=request._request,
                username=data.validated_data["username"],
                password=data.validated_data["password"],
                otp=data.validated_data.get("otp", ""),
            )
        except authentication.TokenRefused as exc:
            return _refusal(exc)
        return Response({"token": key})
