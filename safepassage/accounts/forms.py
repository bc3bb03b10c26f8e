"""Forms check shape only; services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from safepassage.accounts.models import Role


class LoginForm(forms.Form):
    username = forms.CharField(
        max_length=64, widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True})
    )
    password = forms.CharField(
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    token = forms.RegexField(
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits your authenticator shows.")},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "pattern": "[0-9]{6}",
                "maxlength": 6,
            }
        ),
    )


class PasswordChangeForm(forms.Form):
    current = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )


class DuressForm(forms.Form):
    current = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    duress = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Codename"),
        regex=r"^[\w.-]{2,64}$",
        error_messages={"invalid": _("Use 2 to 64 letters, digits, dots, dashes or underscores.")},
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    password = forms.CharField(label=_("First password"), strip=False, widget=forms.PasswordInput)
