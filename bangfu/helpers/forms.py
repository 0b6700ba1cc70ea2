"""The helpers' forms: the register's filter and the helper form (liaison number guarded)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.accounts.contacts import owns_number
from bangfu.core.forms import BootstrapMixin
from bangfu.core.masking import mask_phone

from .models import Helper


class HelperFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=32,
        help_text=_("name, pinyin initials or code"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("all")), *Helper.Kind.choices]
    )
    industry = forms.CharField(label=_("Industry"), required=False, max_length=32)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[("name", _("name")), ("-capacity", _("capacity, largest")), ("kind", _("kind"))],
    )


class HelperForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Helper
        fields = [
            "name",
            "uscc",
            "kind",
            "industry",
            "strengths",
            "address",
            "capacity",
            "liaison_name",
            "liaison_phone",
        ]
        widgets = {"strengths": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # An editor who is not the number's own office (accounts.contacts.owns_number: the
        # institute, a county office the helper has no pairing with) does not get the full
        # liaison phone in the form either: the input starts empty and, left empty, keeps it.
        self.keeps_phone = bool(
            self.instance.pk
            and self.instance.liaison_phone
            and not owns_number(user, helper_id=self.instance.pk)
        )
        if self.keeps_phone:
            self.initial["liaison_phone"] = ""
            self.fields["liaison_phone"].help_text = _(
                "Now %(masked)s; leave empty to keep it."
            ) % {"masked": mask_phone(self.instance.liaison_phone)}
        # the service validates and normalises these; the model's validators would reject
        # the unnormalised forms (lower case, +86) that the service accepts
        self.fields["uscc"].validators = []
        self.fields["liaison_phone"].validators = []
        self.fields["uscc"].max_length = self.fields["liaison_phone"].max_length = 32
        self.fields["uscc"].widget.attrs["maxlength"] = self.fields["liaison_phone"].widget.attrs[
            "maxlength"
        ] = 32

    def clean_liaison_phone(self):
        value = self.cleaned_data.get("liaison_phone", "")
        if self.keeps_phone and not value:
            return self.instance.liaison_phone
        return value
