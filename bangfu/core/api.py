"""API conventions shared by every app."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler, plus model validation errors (including 已被他人修改) as 400/409."""
    if isinstance(exc, DjangoValidationError):
        from bangfu.core.models import StaleRecordError

        if isinstance(exc, StaleRecordError):
            exc = exceptions.APIException(detail=exc.messages[0])
            exc.status_code = 409
        else:
            exc = exceptions.ValidationError(
                detail=exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            )
    return drf_exception_handler(exc, context)
