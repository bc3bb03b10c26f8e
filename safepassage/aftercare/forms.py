"""Aftercare forms: they check shape and turn text into typed values; services decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safepassage.aftercare.models import (
    ConsentPurpose,
    EventKind,
    NotifyChannel,
    ReferralKind,
    ReferralStatus,
)
from safepassage.matching import PersonRecord
from safepassage.matching.records import split_spellings
from safepassage.tracing.keys import PersonDetails, home_place_split
from safepassage.tracing.models import NAME_PARTS
from safepassage.tracing.services.persons import birth_parse

SPELLINGS_HELP = _("As she gives it, in any script. Several spellings? Separate them with |")
LANGUAGES = [("ar", "العربية"), ("ckb", "کوردی"), ("kmr", "Kurmancî"), ("en", "English")]
SEX_CHOICES = [("", _("Unknown")), ("f", _("Female")), ("m", _("Male"))]
DATE = forms.DateInput(attrs={"type": "date"})


class ArrivalForm(forms.Form):
    """Her names as she gives them, then what reception records."""

    given_names = forms.CharField(label=_("Given name"), required=False, help_text=SPELLINGS_HELP)
    father_names = forms.CharField(label=_("Father's name"), required=False)
    grandfather_names = forms.CharField(label=_("Grandfather's name"), required=False)
    family_names = forms.CharField(label=_("Family or clan name"), required=False)
    mother_names = forms.CharField(label=_("Mother's name"), required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=SEX_CHOICES, required=False, initial="f")
    birth = forms.CharField(label=_("Birth year or age"), required=False, max_length=40)
    home_place = forms.CharField(label=_("Home village or town"), required=False, max_length=200)
    arrived_on = forms.DateField(label=_("Date of arrival"), widget=DATE)
    reception_place = forms.ChoiceField(label=_("Reception point"), required=False)
    reception_text = forms.CharField(
        label=_("Or where she arrived"), required=False, max_length=200
    )
    received_by = forms.CharField(label=_("Received by"), required=False, max_length=200)
    condition = forms.CharField(
        label=_("Condition"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    immediate_needs = forms.CharField(
        label=_("Immediate needs"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    children_with_her = forms.CharField(
        label=_("Children with her"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, places: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reception_place"].choices = [("", "—"), *places]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(part) for part in NAME_PARTS):
            raise forms.ValidationError(_("Enter at least one of her names, as she gives it."))
        return data

    def clean_birth(self) -> tuple[int | None, int]:
        # The tracing intake's reading: a reversed range or a negative age is refused with
        # its message rather than read as a wrong year that finds the wrong candidates.
        return birth_parse(self.cleaned_data.get("birth", ""))

    def names(self) -> dict[str, list[str]]:
        return {part: list(split_spellings(self.cleaned_data.get(part, ""))) for part in NAME_PARTS}

    def person_details(self) -> PersonDetails:
        year, uncertainty = self.cleaned_data["birth"]
        names = self.names()
        home_place, home_place_variants = home_place_split(self.cleaned_data.get("home_place", ""))
        return PersonDetails(
            given_names=tuple(names["given_names"]),
            father_names=tuple(names["father_names"]),
            grandfather_names=tuple(names["grandfather_names"]),
            family_names=tuple(names["family_names"]),
            mother_names=tuple(names["mother_names"]),
            sex=self.cleaned_data.get("sex", ""),
            birth_year=year,
            birth_year_uncertainty=uncertainty,
            home_place=home_place,
            home_place_variants=home_place_variants,
        )

    def record(self) -> PersonRecord:
        return self.person_details().record()


class FamilyMemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    relationship = forms.CharField(label=_("Relationship"), required=False, max_length=100)
    contact = forms.CharField(label=_("How to reach them"), required=False, max_length=200)
    report = forms.ChoiceField(label=_("Their report"), required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, reports: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["report"].choices = [("", "—"), *reports]  # type: ignore[attr-defined]


class NotifyForm(forms.Form):
    how = forms.ChoiceField(label=_("How"), choices=NotifyChannel.choices)
    at = forms.DateTimeField(
        label=_("When"),
        required=False,
        help_text=_("Empty: now"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class DayForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    reason = forms.CharField(label=_("Note"), required=False, max_length=2000)


class HoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it cannot happen yet"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ReferralForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReferralKind.choices)
    service = forms.CharField(label=_("Service"), max_length=200)
    she_consents = forms.BooleanField(label=_("She agrees to this referral"), required=False)
    follow_up_on = forms.DateField(label=_("Follow up on"), required=False, widget=DATE)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReferralUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ReferralStatus.choices)
    follow_up_on = forms.DateField(label=_("Follow up on"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("She agrees to"), choices=ConsentPurpose.choices)
    language = forms.ChoiceField(label=_("Explained in"), choices=LANGUAGES)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class TestimonyForm(forms.Form):
    account = forms.CharField(
        label=_("What she chose to tell"), widget=forms.Textarea(attrs={"rows": 8})
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    captivity_from = forms.DateField(label=_("Held from"), required=False, widget=DATE)
    captivity_to = forms.DateField(label=_("Held until"), required=False, widget=DATE)
    perpetrators = forms.MultipleChoiceField(
        label=_("Perpetrators"), required=False, widget=forms.CheckboxSelectMultiple
    )
    places = forms.MultipleChoiceField(
        label=_("Places"), required=False, widget=forms.CheckboxSelectMultiple
    )
    events = forms.CharField(
        label=_("Dates, sales and transfers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One a line: date | kind | note, for example 2015-03-02 | sold | in the market"
        ),
    )

    def __init__(
        self,
        *args: Any,
        holders: Sequence[tuple[str, str]] = (),
        places: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["perpetrators"].choices = holders  # type: ignore[attr-defined]
        self.fields["places"].choices = places  # type: ignore[attr-defined]

    def clean_events(self) -> list[dict[str, str]]:
        events: list[dict[str, str]] = []
        kinds = {k.value: k.value for k in EventKind} | {
            str(k.label).casefold(): k.value for k in EventKind
        }
        for number, line in enumerate(self.cleaned_data.get("events", "").splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            parts += [""] * (3 - len(parts))
            kind = kinds.get(parts[1].casefold())
            if kind is None:
                raise forms.ValidationError(
                    _("Line %(n)d: the kind is one of %(kinds)s.")
                    % {"n": number, "kinds": ", ".join(EventKind.values)}
                )
            events.append({"on": parts[0], "kind": kind, "note": " | ".join(parts[2:]).strip()})
        return events


class ReaderForm(forms.Form):
    user = forms.ChoiceField(label=_("Name a reader"))

    def __init__(self, *args: Any, users: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = users  # type: ignore[attr-defined]
