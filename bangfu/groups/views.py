"""Pages of the leading groups (attachment 3) and the demonstration villages (attachment 4).

Thin: each view finds its rows through the scoped selectors of `groups` (out of scope: 404),
parses a form, calls a service and redirects, or renders.
"""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts import audit
from bangfu.accounts.decorators import capability_required
from bangfu.core.forms import BootstrapMixin, apply_errors
from bangfu.groups import io as group_io
from bangfu.groups import services as groups
from bangfu.groups.models import DemonstrationRecommendation, GroupRole
from bangfu.places.models import Division
from bangfu.places.programme import programme_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def group_links() -> list[tuple[str, str]]:
    """The two forms' pages, for the reporting section's navigation."""
    return [
        (_("Leading groups"), reverse("groups:roster")),
        (_("Demonstration villages"), reverse("groups:demonstration")),
    ]


def _xlsx(table: group_io.FormTable, name: str, *, what: str) -> HttpResponse:
    buffer = io.BytesIO()
    count = group_io.write_table(buffer, table)
    audit.record(event="export", object_type=f"groups.{what}", detail=f"{name}: {count} rows")
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


# --------------------------------------------------------------------------- roster


class MemberForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("name"), max_length=40)
    group_role = forms.ChoiceField(
        label=gettext_lazy("role in the group"), choices=GroupRole.choices
    )
    post = forms.CharField(label=gettext_lazy("post"), max_length=60, required=False)
    unit = forms.CharField(
        label=gettext_lazy("unit"),
        max_length=80,
        help_text=gettext_lazy(
            "The county government, the poverty office or the institute (plan §五(一)1)."
        ),
    )
    phone = forms.CharField(
        label=gettext_lazy("phone"),
        max_length=32,
        required=False,
        help_text=gettext_lazy("A mobile number, or an office number with its area code."),
    )
    email = forms.CharField(label=gettext_lazy("e-mail"), max_length=254, required=False)
    order = forms.IntegerField(
        label=gettext_lazy("order"), min_value=0, max_value=999, required=False
    )


@require_GET
@capability_required("reporting.read")
def roster(request):
    """Each county's leading group with what is missing; the city office sees all five."""
    programme = programme_or_404()
    counties = groups.counties_for_user(request.user, programme)
    code = request.GET.get("county", "").strip()
    if code:
        counties = [groups.county_get_for_user(user=request.user, programme=programme, code=code)]
    members = list(
        groups.roster_for_user(user=request.user, programme=programme).filter(
            county__in=[c.pk for c in counties]
        )
    )
    blocks = []
    for county in counties:
        mine = [m for m in members if m.county_id == county.pk]
        blocks.append(
            {
                "county": county,
                "members": mine,
                "problems": groups.roster_problems_of(county, mine),
                "may_edit": groups.may_edit_county(request.user, county.pk),
            }
        )
    return render(
        request,
        "groups/roster.html",
        {
            "programme": programme,
            "blocks": blocks,
            "all_counties": groups.counties_for_user(request.user, programme),
            "county_code": code,
            "group_links": group_links(),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("reporting.read")
def roster_member_create(request, county):
    programme = programme_or_404()
    county_obj = groups.county_get_for_user(user=request.user, programme=programme, code=county)
    groups._require_county_page(request.user, county_obj)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            groups.member_save(
                user=request.user, programme=programme, county=county_obj, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Member added."))
            return redirect(f"{reverse('groups:roster')}?county={county_obj.code}")
    return render(
        request,
        "groups/roster_form.html",
        {
            "form": form,
            "county": county_obj,
            "title": _("Add a member to the leading group of %(county)s")
            % {"county": county_obj.name},
            "back": f"{reverse('groups:roster')}?county={county_obj.code}",
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("reporting.read")
def roster_member_edit(request, pk):
    member = groups.member_get_for_user(user=request.user, pk=pk)
    groups._require_county_page(request.user, member.county)
    initial = {
        "name": member.name,
        "group_role": member.group_role,
        "post": member.post,
        "unit": member.unit,
        "phone": member.phone,
        "email": member.email,
        "order": member.order,
    }
    form = MemberForm(request.POST or None, initial=initial)
    back = f"{reverse('groups:roster')}?county={member.county.code}"
    if request.method == "POST" and form.is_valid():
        try:
            groups.member_save(
                user=request.user,
                programme=member.programme,
                county=member.county,
                member=member,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(back)
    return render(
        request,
        "groups/roster_form.html",
        {
            "form": form,
            "county": member.county,
            "member": member,
            "title": _("Edit %(name)s (%(county)s)")
            % {"name": member.name, "county": member.county.name},
            "back": back,
        },
    )


@require_POST
@capability_required("reporting.read")
def roster_member_remove(request, pk):
    member = groups.member_get_for_user(user=request.user, pk=pk)
    code = member.county.code
    try:
        groups.member_remove(user=request.user, member=member)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s taken off the roster.") % {"name": member.name})
    return redirect(f"{reverse('groups:roster')}?county={code}")


@require_GET
@capability_required("reporting.read")
def roster_download(request, county):
    """Attachment 3 of one county as .xlsx."""
    programme = programme_or_404()
    county_obj = groups.county_get_for_user(user=request.user, programme=programme, code=county)
    table = group_io.roster_table(programme, county_obj, viewer=request.user)
    name = f"附件3-领导小组名单及联络人-{county_obj.name}-{timezone.localdate():%Y%m%d}.xlsx"
    return _xlsx(table, name, what="roster")


# --------------------------------------------------------------------------- demonstration


class RecommendationForm(BootstrapMixin, forms.Form):
    village = forms.CharField(label=gettext_lazy("village"), max_length=12)
    reasons = forms.CharField(
        label=gettext_lazy("reasons"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    industry = forms.CharField(
        label=gettext_lazy("leading industry"), max_length=100, required=False
    )
    recommended_by = forms.CharField(
        label=gettext_lazy("recommended by"), max_length=80, required=False
    )
    recommended_on = forms.DateField(
        label=gettext_lazy("recommended on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "---------")] + [
            (v.code, f"{v.parent.name if v.parent_id else ''} {v.name}") for v in villages
        ]
        self.fields["village"].widget = forms.Select(
            choices=choices, attrs={"class": "form-select form-select-sm"}
        )


class SelectionForm(forms.Form):
    note = forms.CharField(max_length=200, required=False)


def _poor_villages(county: Division) -> list[Division]:
    from bangfu.registry.models import VillageProfile

    return list(
        Division.objects.filter(
            level="village",
            county=county,
            pk__in=VillageProfile.objects.filter(is_registered_poor=True).values("village_id"),
        )
        .select_related("parent")
        .order_by("code")
    )


@require_GET
@capability_required("reporting.read")
def demonstration(request):
    """The helping districts' recommendations by county, and the selection against the quota."""
    from bangfu.places.models import RegionPairing

    programme = programme_or_404()
    counties = groups.counties_for_user(request.user, programme)
    code = request.GET.get("county", "").strip()
    if code:
        counties = [groups.county_get_for_user(user=request.user, programme=programme, code=code)]
    ids = [c.pk for c in counties]
    pairings = list(
        RegionPairing.objects.for_user(request.user)
        .filter(programme=programme, county_id__in=ids)
        .order_by("county__code", "helping_district")
    )
    recs = {
        r.region_pairing_id: r
        for r in groups.recommendations_for_user(user=request.user, programme=programme).filter(
            county_id__in=ids
        )
    }
    blocks = [
        {
            "county": county,
            "may_edit": groups.may_edit_county(request.user, county.pk),
            "rows": [(rp, recs.get(rp.pk)) for rp in pairings if rp.county_id == county.pk],
        }
        for county in counties
    ]
    return render(
        request,
        "groups/demonstration.html",
        {
            "programme": programme,
            "blocks": blocks,
            "selected": groups.selected_count(programme),
            "quota": programme.demonstration_quota,
            "may_select": groups.may_select(request.user),
            "all_counties": groups.counties_for_user(request.user, programme),
            "county_code": code,
            "group_links": group_links(),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("reporting.read")
def demonstration_recommend(request, region_pairing):
    """The recommendation form of one helping district (new, or a change of its own)."""
    programme = programme_or_404()
    rp = groups.region_pairing_get_for_user(
        user=request.user, programme=programme, pk=region_pairing
    )
    groups._require_county_page(request.user, rp.county)
    rec = (
        DemonstrationRecommendation.objects.filter(region_pairing=rp)
        .select_related("village")
        .first()
    )
    initial = {"recommended_on": timezone.localdate()}
    if rec is not None:
        initial = {
            "village": rec.village.code,
            "reasons": rec.reasons,
            "industry": rec.industry,
            "recommended_by": rec.recommended_by,
            "recommended_on": rec.recommended_on,
        }
    form = RecommendationForm(
        request.POST or None, initial=initial, villages=_poor_villages(rp.county)
    )
    back = f"{reverse('groups:demonstration')}?county={rp.county.code}"
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["village"] = Division.objects.filter(code=data["village"]).first()
        try:
            groups.recommendation_save(
                user=request.user, programme=programme, region_pairing=rp, **data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Recommendation saved."))
            return redirect(back)
    return render(
        request,
        "groups/demonstration_form.html",
        {
            "form": form,
            "region_pairing": rp,
            "recommendation": rec,
            "title": _("Demonstration village recommended by %(district)s (%(county)s)")
            % {"district": rp.helping_district, "county": rp.county.name},
            "back": back,
        },
    )


@require_POST
@capability_required("reporting.review")
def demonstration_select(request, pk, action):
    """Select or unselect a recommended village (the city office), with a note."""
    rec = groups.recommendation_get_for_user(user=request.user, pk=pk)
    form = SelectionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if action == "select":
            groups.recommendation_select(user=request.user, recommendation=rec, note=note)
            done = _("%(village)s selected as a demonstration village.")
        elif action == "unselect":
            groups.recommendation_unselect(user=request.user, recommendation=rec, note=note)
            done = _("%(village)s is no longer a selected demonstration village.")
        else:
            raise Http404(_("No such action"))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done % {"village": rec.village.name})
    return redirect(f"{reverse('groups:demonstration')}?county={rec.county.code}")


@require_GET
@capability_required("reporting.read")
def demonstration_download(request):
    """Attachment 4: one county's form (?county=CODE), all counties', or the filing of the
    selected villages for the co-ordination office (?selected=1)."""
    programme = programme_or_404()
    code = request.GET.get("county", "").strip()
    selected_only = request.GET.get("selected") == "1"
    county = None
    if code:
        county = groups.county_get_for_user(user=request.user, programme=programme, code=code)
    elif request.user.role == "county":
        county = groups.county_get_for_user(
            user=request.user, programme=programme, code=request.user.county.code
        )
    table = group_io.demonstration_table(programme, county=county, selected_only=selected_only)
    label = "示范村备案表" if selected_only else "示范村推荐表"
    where = county.name if county is not None else "全市"
    name = f"附件4-{label}-{where}-{timezone.localdate():%Y%m%d}.xlsx"
    return _xlsx(table, name, what="demonstration")
