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
