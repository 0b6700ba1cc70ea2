"""The accounts' forms: sign-in, verification code, role and scope, the person, passwords."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.translation import gettext_lazy as _

from bangfu.core.forms import BootstrapMixin

from .models import User
from .roles import Role


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=256)


class CodeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=32,
        help_text=_("Six digits from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class RoleForm(BootstrapMixin, forms.ModelForm):
    """The security administrator's form: the role and its scope."""

    class Meta:
        model = User
        fields = ["role", "county", "helper"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        county = self.fields["county"]  # counties only, as the field's limit_choices_to says
        county.queryset = county.queryset.filter(level="county")
        self.fields["role"].choices = Role.choices
        self.fields["role"].required = True


class UserForm(BootstrapMixin, forms.ModelForm):
    """The system administrator's form: the person and whether the account is active. The
    role is the security administrator's (RoleForm)."""

    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput,
        required=False,
        help_text=" ".join(str(t) for t in password_validators_help_texts()),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["password"].required = True
        else:
            self.fields["username"].disabled = True


class AuditFilterForm(BootstrapMixin, forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    event = forms.CharField(label=_("Event"), required=False, max_length=32)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=64)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[
            ("", "---"),
            ("ok", _("succeeded")),
            ("denied", _("denied")),
            ("failed", _("failed")),
        ],
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class PasswordChangeForm(BootstrapMixin, auth_forms.PasswordChangeForm):
    pass
