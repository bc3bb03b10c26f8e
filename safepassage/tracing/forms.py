"""Tracing forms: they check shape (and turn text into typed values); services decide."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safepassage.matching.records import split_spellings
from safepassage.tracing.journey import MANUAL_STATUSES
from safepassage.tracing.keys import PersonDetails, home_place_split
from safepassage.tracing.models import (
    NAME_PARTS,
    AuthSecret,
    ContactChannel,
    Person,
    PersonLinkKind,
    PersonStatus,
)
from safepassage.tracing.services import ContactDetails, ReportDetails
from safepassage.tracing.services.persons import birth_parse

# Families write alternatives as "Khalil / Khaleel"; | and ; are read the same way.
SPELLINGS_HELP = _("Several spellings? Separate them with /, | or ;")
LANGUAGES = [("", "—"), ("ar", "العربية"), ("ckb", "کوردی"), ("kmr", "Kurmancî"), ("en", "English")]
SEX_CHOICES = [("", _("Unknown")), ("f", _("Female")), ("m", _("Male"))]


def _spellings(value: str) -> tuple[str, ...]:
    return split_spellings(value)


class PersonFieldsMixin(forms.Form):
    given_names = forms.CharField(label=_("Given name"), required=False, help_text=SPELLINGS_HELP)
    father_names = forms.CharField(label=_("Father's name"), required=False)
    grandfather_names = forms.CharField(label=_("Grandfather's name"), required=False)
    family_names = forms.CharField(label=_("Family or clan name"), required=False)
    mother_names = forms.CharField(label=_("Mother's name"), required=False)
    nicknames = forms.CharField(label=_("Nicknames"), required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=SEX_CHOICES, required=False)
    birth = forms.CharField(
        label=_("Birth year or age"),
        required=False,
        max_length=40,
        help_text=_("For example 1998, about 25, 1996-1999"),
    )
    community = forms.CharField(label=_("Community"), required=False, max_length=100)
    # Several spellings, as for a name: the first is recorded as hers, the others beside it.
    home_place = forms.CharField(
        label=_("Home village or town"), required=False, help_text=SPELLINGS_HELP
    )
    abducted_on = forms.DateField(
        label=_("Date of abduction"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    abduction_place = forms.CharField(label=_("Place of abduction"), required=False, max_length=200)
    distinguishing_marks = forms.CharField(
        label=_("Distinguishing marks"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_birth(self) -> tuple[int | None, int]:
        return birth_parse(self.cleaned_data.get("birth", ""))

    def person_details(self) -> PersonDetails:
        data = self.cleaned_data
        # No birth when it was refused: the other details are still checked, all at once.
        year, uncertainty = data.get("birth", (None, 0))
        home_place, home_place_variants = home_place_split(data.get("home_place", ""))
        return PersonDetails(
            **{part: _spellings(data.get(part, "")) for part in NAME_PARTS},
            nicknames=_spellings(data.get("nicknames", "")),
            sex=data.get("sex", ""),
            birth_year=year,
            birth_year_uncertainty=uncertainty,
            community=data.get("community", ""),
            home_place=home_place,
            home_place_variants=home_place_variants,
            abducted_on=data.get("abducted_on"),
            abduction_place=data.get("abduction_place", ""),
            distinguishing_marks=data.get("distinguishing_marks", ""),
        )


class IntakeForm(PersonFieldsMixin):
    reporter_name = forms.CharField(label=_("Reported by (name)"), max_length=200)
    relationship = forms.CharField(label=_("Relationship to her"), required=False, max_length=100)
    reporter_phones = forms.CharField(
        label=_("Reporter's phone numbers"),
        required=False,
        help_text=_("Separate several numbers with commas"),
    )
    reporter_village = forms.CharField(label=_("Reporter's village"), required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=LANGUAGES, required=False
    )
    reported_on = forms.DateField(
        label=_("Date of the report"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    knowledge = forms.CharField(
        label=_("What the family knows"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def report_details(self) -> ReportDetails:
        data = self.cleaned_data
        phones = tuple(p.strip() for p in re.split(r"[,\n;]", data.get("reporter_phones", "")))
        return ReportDetails(
            reporter_name=data.get("reporter_name", ""),
            relationship=data.get("relationship", ""),
            reporter_phones=tuple(p for p in phones if p),
            reporter_village=data.get("reporter_village", ""),
            preferred_language=data.get("preferred_language", ""),
            knowledge=data.get("knowledge", ""),
            reported_on=data.get("reported_on"),
        )


def birth_text(year: int | None, uncertainty: int) -> str:
    """A stored birth year as the form shows it: 1998, ~1998 (about), 1996-2000 (a range)."""
    if year is None:
        return ""
    if uncertainty == 0:
        return str(year)
    if uncertainty == 3:
        return f"~{year}"
    return f"{year - uncertainty}-{year + uncertainty}"


def person_initial(person: Person) -> dict[str, Any]:
    """The edit form's values for a stored person (several spellings joined by " | ")."""
    return {
        **{part: " | ".join(getattr(person, part) or ()) for part in NAME_PARTS},
        "nicknames": " | ".join(person.nicknames or ()),
        "sex": person.sex,
        "birth": birth_text(person.birth_year, person.birth_year_uncertainty),
        "community": person.community,
        "home_place": " | ".join(person.home_places),
        "abducted_on": person.abducted_on,
        "abduction_place": person.abduction_place,
        "distinguishing_marks": person.distinguishing_marks,
        "version": person.version,
    }


class PersonEditForm(PersonFieldsMixin):
    """Change a person's details; ``version`` is the version the editor started from."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _("This form lost the version it was opened at. Reload the page."),
            "invalid": _("This form lost the version it was opened at. Reload the page."),
            "min_value": _("This form lost the version it was opened at. Reload the page."),
        },
    )

    def __init__(self, data: Any = None, *, person: Person) -> None:
        super().__init__(data, initial=person_initial(person))
        self.stored_birth = (person.birth_year, person.birth_year_uncertainty)

    def clean_birth(self) -> tuple[int | None, int]:
        # The birth as shown and left alone keeps its stored year and uncertainty exactly.
        if self.cleaned_data.get("birth", "").strip() == self.initial["birth"]:
            return self.stored_birth
        return super().clean_birth()


class _AnyStatusField(forms.ChoiceField):
    """Offers the statuses set by hand, and passes any status on to the service, whose
    refusal names the flow that sets it (a hand-made post, an old page)."""

    def valid_value(self, value: Any) -> bool:
        return value in PersonStatus.values


class StatusForm(forms.Form):
    status = _AnyStatusField(
        label=_("New status"),
        choices=[(value, PersonStatus(value).label) for value in MANUAL_STATUSES],
        help_text=_(
            "Rescue planned, in transit, arrived and reunited are set by the operation, "
            "reception and reunion records."
        ),
    )
    reason = forms.CharField(
        label=_("Why"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class LinkForm(forms.Form):
    """Link her to a person taken with her: which person (from the search), and who they are."""

    other = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("This person is her"), choices=PersonLinkKind.choices)


class LinkRemoveForm(forms.Form):
    link = forms.UUIDField(widget=forms.HiddenInput)


class QuestionForm(forms.Form):
    question = forms.CharField(label=_("Question only she could answer"), max_length=500)
    answer = forms.CharField(
        label=_("Answer (kept only as a hash)"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class WordsForm(forms.Form):
    duress_word = forms.CharField(
        label=_("Duress word"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    all_clear_word = forms.CharField(
        label=_("All-clear word"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    # Words already agreed are replaced only on purpose (the page shows a warning with it).
    replace = forms.BooleanField(
        label=_("Replace the agreed words. She must be told the new words."),
        required=False,
    )


class ContactForm(forms.Form):
    occurred_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=ContactChannel.choices)
    number_used = forms.CharField(label=_("Number she used"), required=False, max_length=50)
    location_said = forms.CharField(
        label=_("What she said about where she is"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    holder_said = forms.CharField(
        label=_("Who holds her"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    condition = forms.CharField(
        label=_("Her condition"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    children_with_her = forms.CharField(label=_("Children with her"), required=False)
    what_she_asked = forms.CharField(
        label=_("What she asked for"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    word_used = forms.CharField(
        label=_("Agreed word she used (if asked)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, questions: list[AuthSecret], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question_fields: list[str] = []
        for secret in questions:
            name = f"answer_{secret.pk}"
            self.fields[name] = forms.CharField(
                label=secret.question,
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
            self.question_fields.append(name)
        if not self.is_bound:
            self.initial.setdefault(
                "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def contact_details(self) -> ContactDetails:
        data = self.cleaned_data
        answers = {
            name.removeprefix("answer_"): data.get(name, "") for name in self.question_fields
        }
        return ContactDetails(
            occurred_at=data["occurred_at"],
            channel=data["channel"],
            number_used=data.get("number_used", ""),
            location_said=data.get("location_said", ""),
            holder_said=data.get("holder_said", ""),
            condition=data.get("condition", ""),
            children_with_her=data.get("children_with_her", ""),
            what_she_asked=data.get("what_she_asked", ""),
            notes=data.get("notes", ""),
            answers=answers,
            word_used=data.get("word_used", ""),
        )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name, any spelling or script"), max_length=200, required=False)
