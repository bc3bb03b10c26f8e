"""Forms of the intel pages: shape only (the services hold the rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safepassage.intel.fields import IsoDateField, LocalFloatField, LocalIntegerField
from safepassage.intel.models import (
    Control,
    IncidentKind,
    InfoCredibility,
    MemberRole,
    MemberStatus,
    PlaceKind,
    SourceReliability,
)

EMPTY: list[tuple[str, Any]] = [("", "—")]


def lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class PlaceSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, any spelling"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=EMPTY + PlaceKind.choices)
    lat = LocalFloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = LocalFloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    km = LocalFloatField(
        label=_("Within (km)"), required=False, min_value=0.1, max_value=500, initial=10
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # a name or point searched stays out of autofill
            field.widget.attrs["autocomplete"] = "off"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("lat") is None) != (data.get("lon") is None):
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        return data


class HolderSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or alias, any spelling"), required=False, max_length=200)


class PlaceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlaceKind.choices)
    names = forms.CharField(
        label=_("Names, one spelling per line"), widget=forms.Textarea(attrs={"rows": 3})
    )
    latitude = forms.CharField(label=_("Latitude"), required=False, max_length=30)
    longitude = forms.CharField(label=_("Longitude"), required=False, max_length=30)
    control = forms.ChoiceField(label=_("Who controls the area"), choices=Control.choices)
    control_as_of = IsoDateField(label=_("Control last known on"), required=False)
    secret = forms.BooleanField(label=_("Secret (only those assigned see it)"), required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ControlForm(forms.Form):
    control = forms.ChoiceField(label=_("Who controls the area"), choices=Control.choices)
    as_of = IsoDateField(label=_("Known on"), required=False)


class MemberForm(forms.Form):
    codename = forms.CharField(label=_("Codename"), max_length=64)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)
    region = forms.CharField(label=_("Region"), required=False, max_length=200)
    phones = forms.CharField(
        label=_("Phone numbers, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    account = forms.ChoiceField(
        label=_("Their account (opens the field page to them)"), required=False, choices=[]
    )

    def __init__(self, *args: Any, accounts: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = EMPTY + accounts  # type: ignore[attr-defined]


class MemberStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=MemberStatus.choices)
    reason = forms.CharField(
        label=_("Why"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class HolderForm(forms.Form):
    names = forms.CharField(
        label=_("Names, one per line"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    aliases = forms.CharField(
        label=_("Aliases, one per line"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    places = forms.MultipleChoiceField(label=_("Linked places"), required=False, choices=[])
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, places: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["places"].choices = places  # type: ignore[attr-defined]


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=IncidentKind.choices)
    occurred_on = IsoDateField(label=_("Date"))
    place = forms.ChoiceField(label=_("Place"), required=False, choices=[])
    latitude = forms.CharField(label=_("Latitude"), required=False, max_length=30)
    longitude = forms.CharField(label=_("Longitude"), required=False, max_length=30)
    phone_numbers = forms.CharField(
        label=_("Phone numbers involved, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    members = forms.MultipleChoiceField(label=_("Members involved"), required=False, choices=[])
    holders = forms.MultipleChoiceField(label=_("Holders involved"), required=False, choices=[])
    places = forms.MultipleChoiceField(label=_("Other places"), required=False, choices=[])
    description = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        places: list[tuple[str, str]],
        members: list[tuple[str, str]],
        holders: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = EMPTY + places  # type: ignore[attr-defined]
        self.fields["places"].choices = places  # type: ignore[attr-defined]
        self.fields["members"].choices = members  # type: ignore[attr-defined]
        self.fields["holders"].choices = holders  # type: ignore[attr-defined]


class LocationReportForm(forms.Form):
    source_member = forms.ChoiceField(label=_("Source: a member"), required=False, choices=[])
    source_contact = forms.ChoiceField(label=_("…or her contact"), required=False, choices=[])
    place = forms.ChoiceField(label=_("Place"), required=False, choices=[])
    place_text = forms.CharField(label=_("Or describe where"), required=False, max_length=500)
    latitude = forms.CharField(label=_("Latitude"), required=False, max_length=30)
    longitude = forms.CharField(label=_("Longitude"), required=False, max_length=30)
    holder = forms.ChoiceField(label=_("Held by"), required=False, choices=[])
    held_since = IsoDateField(label=_("Held there since"), required=False)
    children_count = LocalIntegerField(
        label=_("Children with her"), required=False, min_value=0, max_value=30
    )
    source_reliability = forms.ChoiceField(
        label=_("Source reliability"), choices=SourceReliability.choices
    )
    info_credibility = forms.TypedChoiceField(
        label=_("Information credibility"), choices=InfoCredibility.choices, coerce=int
    )
    corroborated_by = forms.ChoiceField(
        label=_("Corroborated by an independent report"), required=False, choices=[]
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        members: list[tuple[str, str]],
        contacts: list[tuple[str, str]],
        places: list[tuple[str, str]],
        holders: list[tuple[str, str]],
        reports: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (
            ("source_member", members),
            ("source_contact", contacts),
            ("place", places),
            ("holder", holders),
            ("corroborated_by", reports),
        ):
            self.fields[name].choices = EMPTY + choices  # type: ignore[attr-defined]
