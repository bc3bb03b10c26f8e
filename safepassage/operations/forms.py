"""Forms of the operation pages: shape only; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safepassage.operations.models import (
    PRESSABLE_STATUSES,
    Channel,
    MemberOutcome,
    SupplyKind,
    TeamRole,
    Transport,
    WaypointKind,
)

ENDINGS = [
    ("completed", _("Completed")),
    ("aborted", _("Aborted")),
    ("failed", _("Failed")),
]


class CommPlanForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    check_in_interval_minutes = forms.IntegerField(
        label=_("Check in every (minutes)"), min_value=1, max_value=1440, initial=60
    )
    grace_minutes = forms.IntegerField(
        label=_("Grace period (minutes)"), min_value=0, max_value=720, initial=15
    )
    # Not stripped: a code of only spaces is refused by the service, not taken as "no code".
    check_in_code = forms.CharField(
        label=_("Check-in code"),
        required=False,
        max_length=64,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    duress_code = forms.CharField(
        label=_("Duress code"),
        required=False,
        max_length=64,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Typed instead of the check-in code, it raises a silent alert."),
    )
    comm_notes = forms.CharField(
        label=_("Other agreed signals"), required=False, max_length=2000, widget=forms.Textarea
    )

    def __init__(self, *args: Any, codes_set: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "comm-%s")
        super().__init__(*args, **kwargs)
        if codes_set:
            self.fields["check_in_code"].help_text = _("Leave empty to keep the code already set.")


class OperationCreateForm(CommPlanForm):
    codename = forms.CharField(label=_("Codename"), max_length=64)
    objective = forms.CharField(
        label=_("Objective"), required=False, max_length=4000, widget=forms.Textarea
    )
    field_order = ["codename", "objective"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The create page holds one form: its fields keep Django's plain ids.
        kwargs.setdefault("auto_id", "id_%s")
        super().__init__(*args, **kwargs)


class RequestAddForm(forms.Form):
    rescue_request = forms.UUIDField(label=_("Rescue request"))


class TeamAddForm(forms.Form):
    member = forms.UUIDField(label=_("Member"))
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices)


class WaypointAddForm(forms.Form):
    # The plan page holds several forms: each field that shares a name with another form's
    # gets its own id, so every label points at its own field.
    kind = forms.ChoiceField(
        label=_("Kind of stop"),
        choices=WaypointKind.choices,
        widget=forms.Select(attrs={"id": "id_waypoint_kind"}),
    )
    place = forms.UUIDField(label=_("Place"))
    planned_arrival = forms.DateTimeField(
        label=_("Planned arrival"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    transport = forms.ChoiceField(label=_("Transport to here"), choices=Transport.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"id": "id_waypoint_note"}),
    )


class SupplyAddForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Supply"),
        choices=SupplyKind.choices,
        widget=forms.Select(attrs={"id": "id_supply_kind"}),
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100000)
    carried_by = forms.UUIDField(label=_("Carried by"), required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"id": "id_supply_note"}),
    )


class CheckInForm(forms.Form):
    pressed = forms.ChoiceField(choices=[(s.value, s.label) for s in PRESSABLE_STATUSES])
    code = forms.CharField(label=_("Check-in code"), required=False, max_length=64)
    waypoint = forms.UUIDField(label=_("Waypoint reached"), required=False)
    position = forms.CharField(label=_("Or where you are"), required=False, max_length=200)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class EndForm(forms.Form):
    status = forms.ChoiceField(label=_("Outcome"), choices=ENDINGS)
    notes = forms.CharField(label=_("What happened"), max_length=4000, widget=forms.Textarea)


MEMBER_OUTCOME_CHOICES = [("", "—"), *MemberOutcome.choices]
