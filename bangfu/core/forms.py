"""Form helpers shared by every app: Bootstrap classes on widgets, service errors onto a form."""

from django import forms


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


class SearchableSelect(forms.Select):
    """A choice among hundreds (villages, helpers) that static/bangfu/forms.js makes
    searchable (the vendored tom-select): by name, and by pinyin initials where
    `search_keys` (value → initials, e.g. “xbcz” for 下板城镇) gives them."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-searchable": "1", **(attrs or {})}, choices)
        self.search_keys: dict[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        key = self.search_keys.get(str(value))
        if key:
            option["attrs"]["data-pinyin"] = key
        return option
