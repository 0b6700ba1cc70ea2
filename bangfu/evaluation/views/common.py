"""Helpers shared by the evaluation pages: the reader check, the year's checklist, messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

from bangfu.evaluation import permissions, selectors
from bangfu.evaluation.models import Checklist
from bangfu.places.programme import programme_or_404


def require_reader(user) -> None:
    """The evaluation is the offices': 403 for helper liaisons and the other roles."""
    if not permissions.may_read(user):
        raise PermissionDenied


def checklist_or_404(request, year: int) -> Checklist:
    """The current programme's checklist of `year`, for a reader (404 when there is none)."""
    require_reader(request.user)
    return selectors.checklist_get(user=request.user, programme=programme_or_404(), year=year)


def errors_to_messages(request, exc: ValidationError) -> None:
    """A refusal of a service that has no form to show it on, as error messages."""
    for message in exc.messages:
        messages.error(request, message)
