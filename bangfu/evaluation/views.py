"""Pages of the annual evaluation: the year's board with ranking, a county's evaluation,
scoring forms, the checklist, the rotation, inspectors' assignments and the notices.
Thin: parse, call evaluation.py, render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangfu.accounts.decorators import capability_required
from bangfu.accounts.roles import Role
from bangfu.core.forms import BootstrapMixin, apply_errors
from bangfu.evaluation import evidence
from bangfu.evaluation import services as ev
from bangfu.evaluation.models import (
    Checklist,
    ChecklistItem,
    EvidenceKey,
    ItemGroup,
    Notice,
    NoticeEntry,
    ScoreSheet,
    SheetKind,
)
from bangfu.evaluation.notices import notice_docx, notice_filename
from bangfu.places.models import Division
from bangfu.places.programme import programme_or_404


def _require_reader(user) -> None:
    if not ev.may_read(user):
        raise PermissionDenied


def _checklist(request, year: int) -> Checklist:
    _require_reader(request.user)
    return ev.checklist_get(user=request.user, programme=programme_or_404(), year=year)


def _errors_to_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --------------------------------------------------------------------------- forms


class ChecklistItemForm(BootstrapMixin, forms.Form):
    group = forms.ChoiceField(label=gettext_lazy("Group"), choices=ItemGroup.choices)
    title = forms.CharField(label=gettext_lazy("Item"), max_length=200)
    points = forms.IntegerField(label=gettext_lazy("Points"))
    evidence_key = forms.ChoiceField(
        label=gettext_lazy("Evidence from bangfu"),
        choices=[("", gettext_lazy("— none —")), *EvidenceKey.choices],
        required=False,
    )
    order = forms.IntegerField(label=gettext_lazy("Order"), required=False, min_value=0)


class AdjustForm(BootstrapMixin, forms.Form):
    checked = forms.ModelChoiceField(label=gettext_lazy("Checked county"), queryset=None)
    checker = forms.ModelChoiceField(label=gettext_lazy("Checking county"), queryset=None)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, required=False)

    def __init__(self, *args, counties=(), **kwargs):
        super().__init__(*args, **kwargs)
        qs = Division.objects.filter(pk__in=[c.pk for c in counties]).order_by("code")
        self.fields["checked"].queryset = qs
        self.fields["checker"].queryset = qs


class InspectorForm(BootstrapMixin, forms.Form):
    inspector = forms.ModelChoiceField(label=gettext_lazy("Inspector"), queryset=None)
    counties = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Counties to cross-check"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, counties=(), **kwargs):
        from bangfu.accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = User.objects.filter(
            role=Role.INSPECTOR, is_active=True
        ).order_by("username")
        self.fields["counties"].queryset = Division.objects.filter(
            pk__in=[c.pk for c in counties]
        ).order_by("code")


class NoticeForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Notice.Kind.choices)
    year = forms.IntegerField(label=gettext_lazy("Year evaluated"))
    subject = forms.CharField(
        label=gettext_lazy("About"),
        max_length=100,
        help_text=gettext_lazy("the title reads 关于……的表彰通报 / 关于……的通报批评"),
    )
    number = forms.CharField(label=gettext_lazy("Document number"), max_length=40, required=False)
    issuer = forms.CharField(label=gettext_lazy("Issuing office"), max_length=100)
    intro = forms.CharField(
        label=gettext_lazy("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("leave empty for the standard wording"),
    )


class NoticeEntryForm(BootstrapMixin, forms.Form):
    subject = forms.ChoiceField(label=gettext_lazy("Named"), choices=NoticeEntry.Subject.choices)
    helper = forms.ModelChoiceField(label=gettext_lazy("Helper"), queryset=None, required=False)
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("the unit or the person (a helper's name is taken from it)"),
    )
    county = forms.ModelChoiceField(
        label=gettext_lazy("County"),
        queryset=Division.objects.filter(level="county").order_by("code"),
        required=False,
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        from bangfu.helpers.models import Helper

        super().__init__(*args, **kwargs)
        self.fields["helper"].queryset = Helper.objects.order_by("name")


# --------------------------------------------------------------------------- board


@require_GET
@capability_required("business.read")
def evaluation_list(request):
    _require_reader(request.user)
    programme = programme_or_404()
    years = ev.checklist_years(programme=programme)
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and int(year) in years else (years[0] if years else None)
    checklist = rows = None
    if year is not None:
        checklist = Checklist.objects.get(programme=programme, year=year)
        rows = ev.board(user=request.user, checklist=checklist)
    final = bool(rows) and all(r.evaluation.is_final for r in rows)
    return render(
        request,
        "evaluation/evaluation_list.html",
        {
            "programme": programme,
            "years": years,
            "year": year,
            "checklist": checklist,
            "rows": rows,
            "points": ev.checklist_points(checklist) if checklist else 0,
            "final": final,
            "may_manage": ev.may_manage(request.user),
            "next_year": (years[0] + 1) if years else programme.start_year,
        },
    )


@require_POST
@capability_required("evaluation.manage")
def checklist_create(request):
    programme = programme_or_404()
    year = request.POST.get("year", "")
    try:
        if not year.isdigit():
            raise ValidationError(_("Give a year."))
        checklist = ev.checklist_create(user=request.user, programme=programme, year=int(year))
    except ValidationError as exc:
        _errors_to_messages(request, exc)
        return redirect("evaluation:evaluations")
    messages.success(request, _("The checklist of %(year)d is ready.") % {"year": checklist.year})
    return redirect(checklist.get_absolute_url())


@require_POST
@capability_required("evaluation.manage")
def evaluation_finalise(request, year):
    checklist = _checklist(request, year)
    try:
        ev.evaluation_finalise(user=request.user, checklist=checklist)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, _("The evaluation of %(year)d is final.") % {"year": year})
    return redirect(f"/oversight/evaluations/?year={year}")


# --------------------------------------------------------------------------- one county


@require_GET
@capability_required("business.read")
def evaluation_detail(request, pk):
    _require_reader(request.user)
    evaluation = ev.evaluation_get_for_user(user=request.user, pk=pk)
    rows, sheets = ev.evaluation_rows(evaluation)
    user = request.user
    # A county cross-checking another sees its self-check and its own column, not the
    # city's spot check: the cross-check is scored independently.
    own_or_wide = user.role != Role.COUNTY or user.county_id == evaluation.county_id
    kinds = [k for k in SheetKind if k != SheetKind.SPOT or own_or_wide]
    assignment = ev.checker_of(evaluation)
    return render(
        request,
        "evaluation/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "rows": rows,
            "kinds": [(k, k.label, sheets.get(k)) for k in kinds],
            "assignment": assignment,
            "points": ev.checklist_points(evaluation.checklist),
            "may_score": [(k, k.label) for k in SheetKind if ev.may_score(user, evaluation, k)],
            "may_manage": ev.may_manage(user),
            "final": ev.final_of(
                getattr(sheets.get(SheetKind.SPOT), "total", None),
                getattr(sheets.get(SheetKind.CROSS), "total", None),
            ),
        },
    )


def _score_rows(request, evaluation, sheet):
    rows, _sheets = ev.evaluation_rows(evaluation)
    existing = {s.item_id: s for s in sheet.scores.all()} if sheet and sheet.pk else {}
    out = []
    for row in rows:
        item = row.item
        score = existing.get(item.pk)
        value = request.POST.get(f"score_{item.pk}") if request.method == "POST" else None
        note = request.POST.get(f"note_{item.pk}") if request.method == "POST" else None
        out.append(
            {
                "item": item,
                "figure": row.figure,
                "suggested": evidence.suggested_score(row.figure, item.points)
                if row.figure
                else None,
                "value": value if value is not None else (score.score if score else ""),
                "note": note if note is not None else (score.note if score else ""),
            }
        )
    return out


@require_http_methods(["GET", "POST"])
@capability_required("business.read")
def evaluation_score(request, pk, kind):
    _require_reader(request.user)
    evaluation = ev.evaluation_get_for_user(user=request.user, pk=pk)
    if kind not in SheetKind.values:
        raise Http404("No such check")
    if not ev.may_score(request.user, evaluation, kind):
        raise PermissionDenied
    sheet = ScoreSheet.objects.filter(evaluation=evaluation, kind=kind).first()
    errors = {}
    if request.method == "POST":
        scores = {
            item.pk: (request.POST.get(f"score_{item.pk}"), request.POST.get(f"note_{item.pk}", ""))
            for item in evaluation.checklist.items.all()
        }
        try:
            ev.sheet_save(
                user=request.user,
                evaluation=evaluation,
                kind=kind,
                scores=scores,
                note=request.POST.get("note", ""),
                submit=bool(request.POST.get("submit")),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = {k: " ".join(v) for k, v in exc.message_dict.items()}
            else:
                _errors_to_messages(request, exc)
        else:
            messages.success(
                request,
                _("The scores have been submitted.")
                if request.POST.get("submit")
                else _("The scores have been saved as a draft."),
            )
            return redirect(evaluation.get_absolute_url())
    rows = _score_rows(request, evaluation, sheet)
    for row in rows:
        row["error"] = errors.get(f"score_{row['item'].pk}", "")
    return render(
        request,
        "evaluation/evaluation_score.html",
        {
            "evaluation": evaluation,
            "kind": SheetKind(kind),
            "sheet": sheet,
            "rows": rows,
            "errors": errors,
            "note": request.POST.get("note", sheet.note if sheet else ""),
            "read_only": bool(sheet and sheet.state == ScoreSheet.State.SUBMITTED)
            or evaluation.is_final,
        },
    )


@require_POST
@capability_required("evaluation.manage")
def evaluation_reopen(request, pk, kind):
    evaluation = ev.evaluation_get_for_user(user=request.user, pk=pk)
    sheet = ScoreSheet.objects.filter(evaluation=evaluation, kind=kind).first()
    if sheet is None:
        raise Http404("No such check")
    try:
        ev.sheet_reopen(user=request.user, sheet=sheet, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, _("The check is open again for correction."))
    return redirect(evaluation.get_absolute_url())


# --------------------------------------------------------------------------- checklist


@require_GET
@capability_required("business.read")
def checklist_detail(request, year):
    checklist = _checklist(request, year)
    items = list(checklist.items.all())
    groups = []
    for value, label in ItemGroup.choices:
        members = [i for i in items if i.group == value]
        if members:
            groups.append((label, members, sum(i.points for i in members)))
    return render(
        request,
        "evaluation/checklist_detail.html",
        {
            "checklist": checklist,
            "groups": groups,
            "points": sum(i.points for i in items),
            "may_edit": ev.may_manage(request.user) and not ev.scoring_started(checklist),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("evaluation.manage")
def checklist_item_create(request, year):
    checklist = _checklist(request, year)
    form = ChecklistItemForm(request.POST or None, initial={"points": 5})
    if request.method == "POST" and form.is_valid():
        try:
            ev.checklist_item_add(user=request.user, checklist=checklist, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The item has been added."))
            return redirect(checklist.get_absolute_url())
    return render(
        request,
        "evaluation/checklist_form.html",
        {
            "form": form,
            "title": _("New checklist item · %(year)d") % {"year": year},
            "back": checklist.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("evaluation.manage")
def checklist_item_edit(request, year, pk):
    checklist = _checklist(request, year)
    item = ChecklistItem.objects.filter(checklist=checklist, pk=pk).first()
    if item is None:
        raise Http404("No such item")
    if request.method == "POST" and request.POST.get("delete"):
        try:
            ev.checklist_item_remove(user=request.user, item=item)
        except ValidationError as exc:
            _errors_to_messages(request, exc)
        else:
            messages.success(request, _("The item has been removed."))
        return redirect(checklist.get_absolute_url())
    initial = {f: getattr(item, f) for f in ("group", "title", "points", "evidence_key", "order")}
    form = ChecklistItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ev.checklist_item_update(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The item has been saved."))
            return redirect(checklist.get_absolute_url())
    return render(
        request,
        "evaluation/checklist_form.html",
        {
            "form": form,
            "title": _("Checklist item · %(year)d") % {"year": year},
            "back": checklist.get_absolute_url(),
            "delete": True,
        },
    )


# --------------------------------------------------------------------------- rotation


@require_GET
@capability_required("business.read")
def rotation_page(request, year):
    _require_reader(request.user)
    programme = programme_or_404()
    counties = ev.programme_counties(programme)
    may_manage = ev.may_manage(request.user)
    previous = ev.assignment_map(programme=programme, year=year - 1)
    rows = ev.rotation_rows(programme=programme, year=year)
    for row in rows:
        row.repeated = previous.get(row.checker.code) == row.checked.code
    return render(
        request,
        "evaluation/rotation.html",
        {
            "year": year,
            "rows": rows,
            "previous_year": year - 1,
            "inspectors": ev.inspector_rows(programme=programme, year=year),
            "may_manage": may_manage,
            "adjust_form": AdjustForm(counties=counties) if may_manage else None,
            "inspector_form": InspectorForm(counties=counties) if may_manage else None,
        },
    )


@require_POST
@capability_required("evaluation.manage")
def rotation_propose(request, year):
    try:
        ev.rotation_propose(user=request.user, programme=programme_or_404(), year=year)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, _("The rotation of %(year)d has been proposed.") % {"year": year})
    return redirect("evaluation:rotation", year=year)


@require_http_methods(["GET", "POST"])
@capability_required("evaluation.manage")
def rotation_adjust(request, year):
    programme = programme_or_404()
    form = AdjustForm(request.POST or None, counties=ev.programme_counties(programme))
    if request.method == "POST" and form.is_valid():
        try:
            ev.rotation_adjust(
                user=request.user, programme=programme, year=year, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The cross-check assignment has been changed."))
            return redirect("evaluation:rotation", year=year)
    return render(
        request,
        "evaluation/rotation_form.html",
        {
            "form": form,
            "title": _("Adjust the cross-check · %(year)d") % {"year": year},
            "back": f"/oversight/evaluations/years/{year}/rotation/",
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("evaluation.manage")
def inspector_assign(request, year):
    programme = programme_or_404()
    form = InspectorForm(request.POST or None, counties=ev.programme_counties(programme))
    if request.method == "POST" and form.is_valid():
        try:
            ev.inspector_assign(
                user=request.user, programme=programme, year=year, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The inspector's counties have been saved."))
            return redirect("evaluation:rotation", year=year)
    return render(
        request,
        "evaluation/rotation_form.html",
        {
            "form": form,
            "title": _("Inspectors' cross-checks · %(year)d") % {"year": year},
            "back": f"/oversight/evaluations/years/{year}/rotation/",
        },
    )


# --------------------------------------------------------------------------- notices


@require_GET
@capability_required("business.read")
def notice_list(request):
    _require_reader(request.user)
    return render(
        request,
        "evaluation/notice_list.html",
        {
            "notices": ev.notice_list_for_user(user=request.user),
            "may_manage": ev.may_manage(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("evaluation.manage")
def notice_create(request):
    programme = programme_or_404()
    form = NoticeForm(
        request.POST or None,
        initial={"year": timezone.localdate().year - 1, "issuer": "市人民政府合作交流办公室"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            notice = ev.notice_create(user=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The notice has been drafted: name who it is about."))
            return redirect(notice.get_absolute_url())
    return render(
        request,
        "evaluation/notice_form.html",
        {"form": form, "title": _("New notice"), "back": "/oversight/notices/"},
    )


@require_GET
@capability_required("business.read")
def notice_detail(request, pk):
    _require_reader(request.user)
    notice = ev.notice_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "evaluation/notice_detail.html",
        {
            "notice": notice,
            "entries": notice.entries.select_related("helper", "county").order_by("order", "id"),
            "may_edit": ev.may_manage(request.user) and not notice.is_issued,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("evaluation.manage")
def notice_entry_create(request, pk):
    notice = ev.notice_get_for_user(user=request.user, pk=pk)
    form = NoticeEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ev.notice_entry_add(user=request.user, notice=notice, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Added to the notice."))
            if request.POST.get("another"):
                return redirect("evaluation:notice_entry_create", pk=notice.pk)
            return redirect(notice.get_absolute_url())
    return render(
        request,
        "evaluation/notice_form.html",
        {
            "form": form,
            "title": notice.title,
            "back": notice.get_absolute_url(),
            "another": True,
        },
    )


@require_POST
@capability_required("evaluation.manage")
def notice_issue(request, pk):
    notice = ev.notice_get_for_user(user=request.user, pk=pk)
    issued_on = forms.DateField(required=False).clean(request.POST.get("issued_on") or None)
    try:
        ev.notice_issue(user=request.user, notice=notice, issued_on=issued_on)
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, _("The notice has been issued."))
    return redirect(notice.get_absolute_url())


@require_GET
@capability_required("business.read")
def notice_document(request, pk):
    _require_reader(request.user)
    notice = ev.notice_get_for_user(user=request.user, pk=pk)
    from urllib.parse import quote

    response = HttpResponse(
        notice_docx(notice),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="notice-{notice.pk}.docx"; '
        f"filename*=UTF-8''{quote(notice_filename(notice))}"
    )
    return response
