"""API conventions shared by every app: the router, the error handler, JSON error pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

# What a lookup value may look like when a viewset does not say: a record number for `pk`,
# else a code (USCC, household and case numbers) of letters, digits, '-' and '_'.
PK_LOOKUP = "[0-9]+"
CODE_LOOKUP = "[-A-Za-z0-9_]+"


class Router(DefaultRouter):
    """The /api/v1/ router. Every detail route matches only lookup values its field can
    hold, so that "abc", "1e5", "-1" or a NUL byte never reach a query: they are not routed
    and answer the API's JSON 404 (`NotFoundView`). A viewset may narrow it further with its
    own `lookup_value_regex`."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        lookup_field = getattr(viewset, "lookup_field", "pk")
        lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
        value = getattr(viewset, "lookup_value_regex", None) or (
            PK_LOOKUP if lookup_field in ("pk", "id") else CODE_LOOKUP
        )
        return self._base_pattern.format(
            lookup_prefix=lookup_prefix, lookup_url_kwarg=lookup_url_kwarg, lookup_value=value
        )


class CodeRelatedField(serializers.SlugRelatedField):
    """A related record named by a code in the request (USCC, village code, agreement
    number). A value with a NUL byte is refused as invalid before any query: PostgreSQL
    would fail on it (a server error) where another database finds nothing."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


def exception_handler(exc, context):
    """DRF's handler, plus model validation errors (including 已被他人修改) as 400/409.

    Every 404 says the same translated "Not found.": a record out of the caller's scope
    looks like a missing one, whatever the selector's own (English) message."""
    if isinstance(exc, DjangoValidationError):
        from bangfu.core.models import StaleRecordError

        if isinstance(exc, StaleRecordError):
            exc = exceptions.APIException(detail=exc.messages[0])
            exc.status_code = 409
        else:
            exc = exceptions.ValidationError(
                detail=exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Anything under /api/v1/ that no route matches: a JSON 404 for everyone (signed in or
    not, whatever the method), also with DEBUG on."""

    authentication_classes = []
    permission_classes = []

    def initial(self, request, *args, **kwargs):
        raise exceptions.NotFound()


# Django's error views for what happens outside DRF (no route, a failure DRF does not
# handle, a refused request): JSON under /api/, Django's own pages elsewhere.


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _json_error(status: int, detail: str) -> JsonResponse:
    return JsonResponse(
        {"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def bad_request(request, exception):
    if _is_api(request):
        return _json_error(400, _("Bad request."))
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return _json_error(403, str(exceptions.PermissionDenied.default_detail))
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if _is_api(request):
        return _json_error(404, str(exceptions.NotFound.default_detail))
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return _json_error(500, str(exceptions.APIException.default_detail))
    return defaults.server_error(request)


# The OpenAPI schema: every operation's error answers (drf-spectacular postprocessing hook).

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "description": (
        "The messages of a refused request: by field ({field: [message, …]}), a list of "
        "messages, or {detail: message}."
    ),
    "oneOf": [
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {"type": "string"}},
    ],
}
ERROR_RESPONSES = {
    "400": ("ValidationError", "The request is malformed or breaks a rule."),
    "401": ("Error", "No valid credentials (a token or a signed-in session)."),
    "403": ("Error", "The caller's role may not do this."),
    "404": ("Error", "No such record in the caller's scope, or no such address."),
}
WRITE_ERROR_RESPONSES = {
    "409": ("Error", "The record was changed by someone else since it was read (`version`)."),
}


def document_error_responses(result, generator, request, public):
    """Add the JSON error answers every operation can give, where a view did not document
    them itself: 400, 401, 403 and 404, and 409 for writes."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR_SCHEMA)
    schemas.setdefault("ValidationError", VALIDATION_ERROR_SCHEMA)
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            codes = dict(ERROR_RESPONSES)
            if method != "get":
                codes.update(WRITE_ERROR_RESPONSES)
            responses = operation.setdefault("responses", {})
            for code, (component, description) in codes.items():
                answer = responses.setdefault(code, {"description": description})
                # a view may describe an error in words only: its body is still the JSON error
                answer.setdefault(
                    "content",
                    {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
                )
    return result
