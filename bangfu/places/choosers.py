"""Choosing places by name: townships and villages as searchable choices (name, pinyin
initials), villages cascading from the chosen township (static/bangfu/forms.js).

A filter that once took a 9- or 12-digit code takes a choice instead: the page offers the
names, the search finds 下板城镇 by “xbcz”, and a name typed into the address bar is refused
with a message instead of silently finding nothing.

Villages on demand: a scope of more than VILLAGE_OPTIONS_MAX villages (the city's 1,638, a
province's 50,000) does not write them all into the page. The chooser then holds the chosen
township's villages and the chosen village only, and names the endpoint
(`places:village_options`, `data-options-url`) that forms.js asks for a township's villages
when the township changes, and for villages by name or initials as the user types.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangfu.core.forms import OPTIONS_ON_DEMAND_OVER, SearchableSelect

from .models import Division

VILLAGE_OPTIONS_MAX = OPTIONS_ON_DEMAND_OVER  # more villages in scope: loaded on demand


class PlaceSelect(SearchableSelect):
    """A searchable place choice whose options name their parent (`data-parent`), so that
    the village chooser shows the chosen township's villages only."""

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs, choices)
        self.parents: dict[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        parent = self.parents.get(str(value))
        if parent:
            option["attrs"]["data-parent"] = parent
        return option


def place_field(label) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        widget=PlaceSelect,
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a place you can choose here: pick one from the list "
                "(a name or its pinyin initials finds it)."
            )
        },
    )


def fill_places(form: forms.Form, user, *, township: str = "township", village: str | None = None):
    """Give `form`'s township (and village) fields the places of `user`'s scope, by name
    (villages on demand beyond VILLAGE_OPTIONS_MAX, see the module's text)."""
    scoped = Division.objects.for_user(user)
    levels = [(township, "township")] + ([(village, "village")] if village else [])
    for name, level in levels:
        field = form.fields[name]
        places = scoped.filter(level=level)
        on_demand = level == "village" and places.count() > VILLAGE_OPTIONS_MAX
        if on_demand:
            places = places.filter(_chosen(form, township, name))
        rows = list(
            places.order_by("code").values_list(
                "code", "name", "initials", "parent__code", "parent__name"
            )
        )
        field.choices = [("", _("all"))] + [
            (code, f"{place}（{parent_name}）") for code, place, _i, _p, parent_name in rows
        ]
        widget = field.widget
        widget.choices = field.choices
        widget.search_keys = {code: initials for code, _n, initials, _p, _pn in rows}
        widget.parents = {code: parent for code, _n, _i, parent, _pn in rows}
        if level == "village":
            widget.attrs["data-cascade-from"] = form[township].auto_id
            if on_demand:
                widget.attrs["data-options-url"] = reverse("places:village_options")


def _chosen(form: forms.Form, township: str, village: str) -> Q:
    """The villages a bound form's choice needs: the chosen township's and the chosen one."""
    data = form.data if form.is_bound else {}
    q = Q(pk__in=[])
    if (data.get(township) or "").strip():
        q |= Q(parent__code=data[township].strip())
    if (data.get(village) or "").strip():
        q |= Q(code=data[village].strip())
    return q
