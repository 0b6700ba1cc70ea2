"""Form helpers shared by every app: Bootstrap classes on widgets, service errors onto a form."""

import html

from django import forms
from django.forms.renderers import DjangoTemplates


def bootstrap(form: forms.BaseForm) -> forms.BaseForm:
    """Give every widget Bootstrap's class, so templates stay free of widget tweaks."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select form-select-sm"
        else:
            css = "form-control form-control-sm"
        widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
    return form


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


def apply_errors(form: forms.BaseForm, exc) -> None:
    """Put a service's ValidationError on the form: on its field where the form has one,
    else among the form's own errors."""
    by_field = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    for name, errors in by_field.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


# More choices than this in the user's scope (villages, helpers): the page holds the chosen
# one(s) only and forms.js asks the `data-options-url` endpoint as the user types.
OPTIONS_ON_DEMAND_OVER = 500


class SearchableSelect(forms.Select):
    """A choice among hundreds (villages, helpers) that static/bangfu/forms.js makes
    searchable (the vendored tom-select): by name, and by pinyin initials where
    `search_keys` (value → initials, e.g. “xbcz” for 下板城镇) gives them. With
    `data-options-url` in its attributes, forms.js looks typed text up there (JSON
    `{"options": [{value, text, pinyin}]}`) instead of among the page's options."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-searchable": "1", **(attrs or {})}, choices)
        self.search_keys: dict[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        key = self.search_keys.get(str(value))
        if key:
            option["attrs"]["data-pinyin"] = key
        return option


SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


class FormRenderer(DjangoTemplates):
    """Django's form renderer (settings.FORM_RENDERER), but a select's markup is written out
    here, the same as Django's select templates give it, character for character: through
    the templates each option is an include and costs about a third of a millisecond, so the
    1,638 villages of a city officer's filter took 0.4 s of every list page. Groups
    of options, and options with a template of their own, still go through the templates."""

    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            markup = select_markup(context["widget"])
            if markup is not None:
                return markup
        return super().render(template_name, context, request)


def select_markup(widget: dict) -> str | None:
    """django/forms/widgets/select.html for a widget context without option groups."""
    parts = [f'<select name="{_escape(widget["name"])}"', _attrs(widget["attrs"]), ">"]
    for group, options, _index in widget["optgroups"]:
        if group:
            return None
        for option in options:
            if option["template_name"] != OPTION:
                return None
            parts.append(
                f'\n  <option value="{_escape(str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{_escape(option['label'])}</option>\n"
            )
    parts.append("\n</select>")
    return "".join(parts)


def _escape(value) -> str:
    """django.utils.html.conditional_escape without its lazy-string wrapper (the same
    `html.escape`; a value that is already HTML is kept)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare name for True, none for False."""
    return "".join(
        f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )
