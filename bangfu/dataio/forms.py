"""The forms of the import and export pages: the upload, and the reason for full numbers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.core.forms import BootstrapMixin


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx, .xls or .csv)"))
    valid_only = forms.BooleanField(
        label=_("Import only the valid rows (skip the bad ones)"), required=False
    )


class FullExportForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for exporting full numbers"), max_length=200, min_length=4
    )
