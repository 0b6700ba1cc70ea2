"""What the pairing and assistance API share to read a request: parsers, serializers, versions."""

from __future__ import annotations

from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

UPLOAD_PARSERS = [MultiPartParser, FormParser]
BODY_PARSERS = [JSONParser, MultiPartParser, FormParser]


def parse(serializer_class, request, *, data=None, partial=False) -> dict:
    s = serializer_class(
        data=request.data if data is None else data, partial=partial, context={"request": request}
    )
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def query_filters(serializer_class, request) -> dict:
    """Query parameters parsed by `serializer_class`; empty ones left out."""
    data = parse(serializer_class, request, data=request.query_params)
    return {k: v for k, v in data.items() if v not in (None, "")}


def expect_version(obj, data: dict) -> None:
    """Optimistic locking: a `version` sent with an edit must be the one stored, or the save
    raises StaleRecordError (409)."""
    version = data.pop("version", None)
    if version is not None:
        obj.version = version
