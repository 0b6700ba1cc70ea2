"""Industry project pages: the list, one project's figures, recording a village's progress."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.roles import can
from bangfu.core.forms import apply_errors
from bangfu.core.periods import period_of
from bangfu.places.models import Division

from ..forms.projects import ProjectProgressForm
from ..selectors.projects import (
    project_by_county,
    project_by_period,
    project_get,
    project_total,
    project_villages,
    projects_for_user,
    recent_progress,
)
from ..services.projects import project_progress_save
from ..services.rules import is_liaison


def _no_liaison(user) -> None:
    if is_liaison(user):  # project progress is kept by villages, not by helpers
        raise PermissionDenied


@require_GET
@capability_required("business.read")
def project_list(request):
    _no_liaison(request.user)
    return render(
        request,
        "assistance/projects.html",
        {
            "rows": projects_for_user(user=request.user),
            "scope_name": request.user.county.name if request.user.county_id else None,
        },
    )


@require_GET
@capability_required("business.read")
def project_detail(request, code):
    _no_liaison(request.user)
    project = project_get(code=code)
    user = request.user
    county = request.GET.get("county") or None
    if county and not Division.objects.for_user(user).filter(code=county, level="county").exists():
        raise Http404("No such county")
    if user.county_id:
        county = user.county.code
    total = project_total(user=user, project=project)
    return render(
        request,
        "assistance/project.html",
        {
            "project": project,
            "total": total,
            "counties": project_by_county(user=user, project=project),
            "periods": project_by_period(user=user, project=project, county=county),
            "villages": project_villages(user=user, project=project, county=county)
            if county
            else None,
            "county": Division.objects.filter(code=county).first() if county else None,
            "scope_name": user.county.name if user.county_id else None,
            "can_add": can(user, "assistance.confirm"),
            "recent": recent_progress(user=user, project=project)
            if can(user, "assistance.confirm")
            else (),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("assistance.confirm")
def project_progress_add(request, code):
    project = project_get(code=code)
    initial = {"period": period_of(timezone.localdate()).code}
    if request.GET.get("village"):
        initial["village"] = (
            Division.objects.for_user(request.user)
            .filter(code=request.GET["village"], level="village")
            .values_list("pk", flat=True)
            .first()
        )
    form = ProjectProgressForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row, created = project_progress_save(
                user=request.user,
                project=project,
                period=data["period"],
                village=data["village"],
                household=data["household"],
                area_mu=data.get("area_mu"),
                livestock=data.get("livestock"),
                revenue_yuan=data.get("revenue_yuan"),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            done = (
                _("Progress of %(village)s for %(period)s recorded.")
                if created
                else _("Progress of %(village)s for %(period)s replaced.")
            )
            messages.success(request, done % {"village": row.village.name, "period": row.period})
            return redirect(project.get_absolute_url())
    return render(
        request,
        "assistance/note.html",
        {
            "form": form,
            "title": _("Progress · %(project)s") % {"project": project.name},
            "intro": _(
                "What the project added in the village in the half-year: the area newly "
                "planted, the livestock newly brought in and the profit earned in the period. "
                "Saving the same village and period again replaces its figures."
            ),
            "back": project.get_absolute_url(),
        },
    )
