"""Forms of the verification pages: shape only (the services hold the rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safepassage.intel.fields import LocalFloatField, LocalIntegerField
from safepassage.verification.assessment import Rules
from safepassage.verification.rules import FACTORS, MAX_THRESHOLD, MAX_WEIGHT, PARAMS

EMPTY: list[tuple[str, Any]] = [("", "—")]


class RequestForm(forms.Form):
    contacts = forms.MultipleChoiceField(
        label=_("The contacts it rests on"), required=False, choices=[]
    )
    stated_place = forms.ChoiceField(label=_("Where she says she is"), required=False, choices=[])
    stated_holder = forms.ChoiceField(label=_("Who she says holds her"), required=False, choices=[])
    children_count = LocalIntegerField(
        label=_("Children with her, as the request says"),
        required=False,
        min_value=0,
        max_value=30,
    )
    pickup_place = forms.ChoiceField(label=_("Proposed pick-up place"), required=False, choices=[])
    pickup_latitude = forms.CharField(label=_("Pick-up latitude"), required=False, max_length=30)
    pickup_longitude = forms.CharField(label=_("Pick-up longitude"), required=False, max_length=30)
    pickup_text = forms.CharField(label=_("Pick-up, described"), required=False, max_length=500)
    urgency_claimed = forms.BooleanField(
        label=_("The request urges an immediate pick-up"), required=False
    )
    holder_away_claimed = forms.BooleanField(
        label=_("The request says the holder is away"), required=False
    )
    pickup_at_captive_location = forms.BooleanField(
        label=_("Rescuers are asked to come to where she is"), required=False
    )
    network_chosen_meeting_point = forms.BooleanField(
        label=_("The pick-up is a meeting point the network chose"), required=False
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        contacts: list[tuple[str, str]],
        places: list[tuple[str, str]],
        holders: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacts"].choices = contacts  # type: ignore[attr-defined]
        self.fields["contacts"].widget = forms.CheckboxSelectMultiple(choices=contacts)
        self.fields["stated_place"].choices = EMPTY + places  # type: ignore[attr-defined]
        self.fields["pickup_place"].choices = EMPTY + places  # type: ignore[attr-defined]
        self.fields["stated_holder"].choices = EMPTY + holders  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("pickup_at_captive_location") and data.get("network_chosen_meeting_point"):
            self.add_error(
                "network_chosen_meeting_point",
                _("The pick-up is either where she is held or a meeting point the network chose."),
            )
        return data


class ApproveForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you approve despite the factors shown"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Why the request is closed"), max_length=2000)


class RulesForm(forms.Form):
    """One field per factor weight and per parameter, the threshold and a reason."""

    threshold = LocalIntegerField(label=_("Threshold"), min_value=0, max_value=MAX_THRESHOLD)
    reason = forms.CharField(
        label=_("Why the rules change"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, rules: Rules, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["threshold"].initial = rules.threshold
        for factor in FACTORS:
            self.fields[f"w_{factor.code}"] = LocalIntegerField(
                label=factor.label,
                min_value=0,
                max_value=MAX_WEIGHT,
                initial=rules.weights.get(factor.code, factor.weight),
            )
        for name, (label, _default, low, high) in PARAMS.items():
            self.fields[f"p_{name}"] = LocalFloatField(
                label=label, min_value=low, max_value=high, initial=rules.params.get(name)
            )
        self.order_fields(["threshold", *[f"w_{f.code}" for f in FACTORS]])

    def weights(self) -> dict[str, int]:
        return {f.code: self.cleaned_data[f"w_{f.code}"] for f in FACTORS}

    def params(self) -> dict[str, float]:
        return {name: self.cleaned_data[f"p_{name}"] for name in PARAMS}
