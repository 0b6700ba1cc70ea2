"""Pages of supervision visits, follow-ups and problems raised by helpers: thin views that
parse a form, call a service or a selector, and render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.roles import Role, can
from bangfu.core.forms import BootstrapMixin, apply_errors
from bangfu.core.uploads import file_response
from bangfu.pairing.forms import DATE, MultipleFileField, VillageChoiceField
from bangfu.pairing.models import SLOT_STATUSES, Pairing
from bangfu.places.models import Division
from bangfu.visits import services as visits
from bangfu.visits.models import FollowUp, Visit

PAGE_SIZE = 50


def _page(request, qs):
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")), query.urlencode()


def _counties(user):
    return Division.objects.for_user(user).filter(level="county").order_by("code")


def _require_reader(user) -> None:
    if not visits.may_read_oversight(user):
        raise PermissionDenied


# --------------------------------------------------------------------------- forms


class VillagesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.parent.name}）"


class PairingsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} {obj.helper.name} → {obj.village.name}"


class VisitForm(BootstrapMixin, forms.Form):
    visited_on = forms.DateField(label=gettext_lazy("Visited on"), widget=DATE)
    participants = forms.CharField(
        label=gettext_lazy("Who went"),
        max_length=200,
        help_text=gettext_lazy("names and units, e.g. 市合作交流办 王明、研究院 陈晨"),
    )
    villages = VillagesField(
        label=gettext_lazy("Villages visited"),
        queryset=Division.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    pairings = PairingsField(
        label=gettext_lazy("Pairings visited"),
        queryset=Pairing.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    findings = forms.CharField(
        label=gettext_lazy("Findings"), widget=forms.Textarea(attrs={"rows": 4})
    )
    problems = forms.CharField(
        label=gettext_lazy("Problems and difficulties found"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("add each problem to follow up on the visit's page"),
    )
    files = MultipleFileField(label=gettext_lazy("Photos and files (PDF or images)"))

    def __init__(self, *args, county=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["villages"].queryset = (
            Division.objects.filter(level="village", county=county)
            .select_related("parent")
            .order_by("code")
        )
        self.fields["pairings"].queryset = (
            Pairing.objects.filter(county=county, status__in=SLOT_STATUSES)
            .select_related("helper", "village")
            .order_by("village__code", "slot")
        )


class FollowUpForm(BootstrapMixin, forms.Form):
    problem = forms.CharField(label=gettext_lazy("Problem"), max_length=200)
    details = forms.CharField(
        label=gettext_lazy("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner_name = forms.CharField(
        label=gettext_lazy("Owner"),
        max_length=100,
        help_text=gettext_lazy("the person or unit that follows it up"),
    )
    owner = forms.ModelChoiceField(
        label=gettext_lazy("Owner's account"), queryset=None, required=False
    )
    due_on = forms.DateField(label=gettext_lazy("Due on"), widget=DATE)
    village = VillageChoiceField(
        label=gettext_lazy("Village"), queryset=Division.objects.none(), required=False
    )

    def __init__(self, *args, county=None, **kwargs):
        from bangfu.accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            User.objects.filter(is_active=True, role__in=[Role.CITY, Role.COUNTY, Role.INSTITUTE])
            .filter(~Q(role=Role.COUNTY) | Q(county=county))
            .order_by("role", "username")
        )
        self.fields["village"].queryset = (
            Division.objects.filter(level="village", county=county)
            .select_related("parent", "county")
            .order_by("code")
        )


class CloseForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Closing note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("what was done; a follow-up is closed only with a note"),
    )
    on = forms.DateField(label=gettext_lazy("Closed on"), widget=DATE, required=False)


class ProblemForm(BootstrapMixin, forms.Form):
    pairing = forms.ModelChoiceField(
        label=gettext_lazy("About the pairing"),
        queryset=Pairing.objects.none(),
        required=False,
        empty_label=gettext_lazy("— general, not about one pairing —"),
    )
    county = forms.ModelChoiceField(
        label=gettext_lazy("County office"),
        queryset=Division.objects.filter(level="county").order_by("code"),
        required=False,
        help_text=gettext_lazy("for a general problem; a pairing's problem goes to its county"),
    )
    problem = forms.CharField(label=gettext_lazy("Problem"), max_length=200)
    details = forms.CharField(
        label=gettext_lazy("Details"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairing"].queryset = (
            Pairing.objects.for_user(user).select_related("village").order_by("number")
        )
        self.fields["pairing"].label_from_instance = lambda p: f"{p.number} {p.village.name}"


class FollowUpFilterForm(BootstrapMixin, forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[
            ("", gettext_lazy("all")),
            ("open", gettext_lazy("open")),
            ("overdue", gettext_lazy("overdue")),
            ("closed", gettext_lazy("closed")),
        ],
    )
    source = forms.ChoiceField(
        label=gettext_lazy("Source"),
        required=False,
        choices=[("", gettext_lazy("all")), *FollowUp.Source.choices],
    )
    county = forms.ChoiceField(label=gettext_lazy("County"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [
            ("", gettext_lazy("all")),
            *((c.code, c.name) for c in _counties(user)),
        ]


def _filters(form) -> dict:
    return {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}


# --------------------------------------------------------------------------- visits


@require_GET
@capability_required("business.read")
def visit_list(request):
    _require_reader(request.user)
    filters = {k: request.GET.get(k) for k in ("county", "year") if request.GET.get(k)}
    if filters.get("year") and not filters["year"].isdigit():
        filters.pop("year")
    page, query = _page(request, visits.visit_list_for_user(user=request.user, filters=filters))
    return render(
        request,
        "visits/visit_list.html",
        {
            "page": page,
            "query": query,
            "counties": _counties(request.user),
            "years": visits.visit_years(user=request.user),
            "filters": filters,
            "can_record": can(request.user, "oversight.visit"),
        },
    )


@require_GET
@capability_required("business.read")
def first_round(request):
    _require_reader(request.user)
    years = visits.visit_years(user=request.user)
    rows = visits.first_round(user=request.user, years=years)
    by_year = {}
    for row in rows:
        by_year.setdefault(row.year, []).append(row)
    return render(
        request,
        "visits/visit_first_round.html",
        {"by_year": sorted(by_year.items(), reverse=True)},
    )


@require_http_methods(["GET", "POST"])
@capability_required("oversight.visit")
def visit_create(request):
    user = request.user
    counties = [c for c in _counties(user) if visits.may_record_visit(user, c)]
    code = request.GET.get("county") or (user.county.code if user.role == Role.COUNTY else "")
    county = next((c for c in counties if c.code == code), None)
    if county is None:
        return render(request, "visits/visit_county.html", {"counties": counties})
    form = VisitForm(
        request.POST or None,
        request.FILES or None,
        county=county,
        initial={"visited_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        uploads = data.pop("files")
        try:
            visit = visits.visit_record(user=user, county=county, uploads=uploads, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
            if not form.errors:
                form.add_error("files", exc)
        else:
            messages.success(
                request, _("The visit has been recorded; add the problems to follow up.")
            )
            return redirect(visit.get_absolute_url())
    return render(
        request,
        "visits/visit_form.html",
        {
            "form": form,
            "title": _("New supervision visit · %(county)s") % {"county": county.name},
            "back": "/oversight/visits/",
            "multipart": True,
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def visit_detail(request, pk):
    _require_reader(request.user)
    visit = visits.visit_get_for_user(user=request.user, pk=pk)
    may_record = visits.may_record_visit(request.user, visit.county_id)
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        field = MultipleFileField()
        try:
            uploads = field.clean(request.FILES.getlist("files"))
            visits.visit_attach(user=request.user, visit=visit, uploads=uploads)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The files have been added."))
        return redirect(visit.get_absolute_url())
    today = timezone.localdate()
    follow_ups = list(visit.follow_ups.select_related("village", "pairing", "owner"))
    for f in follow_ups:
        f.overdue = f.is_overdue(today)
    return render(
        request,
        "visits/visit_detail.html",
        {
            "visit": visit,
            "villages": visit.villages.select_related("parent").order_by("code"),
            "pairings": visit.pairings.select_related("helper", "village"),
            "files": visit.files.all(),
            "follow_ups": follow_ups,
            "may_record": may_record,
        },
    )


@require_GET
@capability_required("business.read")
def visit_file(request, pk, key):
    _require_reader(request.user)
    visit = visits.visit_get_for_user(user=request.user, pk=pk)
    stored = Visit.files.through.objects.filter(visit=visit, storedfile__key=key).first()
    if stored is None:
        raise Http404("No such file")
    return file_response(stored.storedfile, inline=request.GET.get("inline") == "1")


@require_http_methods(["GET", "POST"])
@capability_required("oversight.visit")
def followup_create(request, pk):
    visit = visits.visit_get_for_user(user=request.user, pk=pk)
    if not visits.may_record_visit(request.user, visit.county_id):
        raise PermissionDenied
    form = FollowUpForm(request.POST or None, county=visit.county)
    if request.method == "POST" and form.is_valid():
        try:
            visits.follow_up_add(user=request.user, visit=visit, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The follow-up has been added."))
            if request.POST.get("another"):
                return redirect("visits:followup_create", pk=visit.pk)
            return redirect(visit.get_absolute_url())
    return render(
        request,
        "visits/followup_form.html",
        {
            "form": form,
            "title": _("Problem to follow up · %(visit)s") % {"visit": visit},
            "back": visit.get_absolute_url(),
            "another": True,
        },
    )


# --------------------------------------------------------------------------- follow-ups


@require_GET
@capability_required("business.read")
def followup_list(request):
    _require_reader(request.user)
    form = FollowUpFilterForm(request.GET or None, user=request.user)
    filters = _filters(form)
    today = timezone.localdate()
    page, query = _page(
        request, visits.follow_up_list_for_user(user=request.user, filters=filters, today=today)
    )
    for f in page:
        f.overdue = f.is_overdue(today)
    return render(
        request,
        "visits/followup_list.html",
        {"form": form, "page": page, "query": query},
    )


@require_GET
@capability_required("business.read")
def followup_detail(request, pk):
    follow_up = visits.follow_up_get_for_user(user=request.user, pk=pk)
    may_close = visits.may_close(request.user, follow_up)
    return render(
        request,
        "visits/followup_detail.html",
        {
            "f": follow_up,
            "overdue": follow_up.is_overdue(),
            "may_close": may_close and follow_up.state == FollowUp.State.OPEN,
            "close_form": CloseForm(initial={"on": timezone.localdate()}),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def followup_close(request, pk):
    follow_up = visits.follow_up_get_for_user(user=request.user, pk=pk)
    if not visits.may_close(request.user, follow_up):
        raise PermissionDenied
    form = CloseForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            visits.follow_up_close(
                user=request.user,
                follow_up=follow_up,
                note=form.cleaned_data["note"],
                on=form.cleaned_data.get("on"),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The follow-up is closed."))
            return redirect(follow_up.get_absolute_url())
    return render(
        request,
        "visits/followup_form.html",
        {
            "form": form,
            "title": _("Close · %(problem)s") % {"problem": follow_up.problem},
            "back": follow_up.get_absolute_url(),
        },
    )


# --------------------------------------------------------------------------- helper problems


@require_GET
@capability_required("business.read")
def problem_list(request):
    today = timezone.localdate()
    state = request.GET.get("state", "")
    filters = {"source": FollowUp.Source.HELPER}
    if state in ("open", "closed", "overdue"):
        filters["state"] = state
    page, query = _page(
        request, visits.follow_up_list_for_user(user=request.user, filters=filters, today=today)
    )
    for f in page:
        f.overdue = f.is_overdue(today)
    is_helper = request.user.role == Role.HELPER
    return render(
        request,
        "visits/problem_list.html",
        {
            "page": page,
            "query": query,
            "state": state,
            "can_raise": is_helper and request.user.helper_id is not None,
            "is_helper": is_helper,
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def problem_create(request):
    if request.user.role != Role.HELPER or request.user.helper_id is None:
        raise PermissionDenied
    form = ProblemForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up = visits.helper_problem_raise(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The problem has been sent to %(office)s.") % {"office": follow_up.owner_name},
            )
            return redirect(follow_up.get_absolute_url())
    return render(
        request,
        "visits/problem_form.html",
        {
            "form": form,
            "title": _("Raise a problem with the county office"),
            "back": "/oversight/problems/",
        },
    )
