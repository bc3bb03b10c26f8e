"""Forms of the operation pages: shape only; the services hold the rules."""

from __future__ import annotations

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
    check_in_code = forms.CharField(
        label=_("Check-in code"),
        required=False,
        max_length=64,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Leave empty to keep the code already set."),
    )
    duress_code = forms.CharField(
        label=_("Duress code"),
        required=False,
        max_length=64,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Typed instead of the check-in code, it raises a silent alert."),
    )
    comm_notes = forms.CharField(
        label=_("Other agreed signals"), required=False, max_length=2000, widget=forms.Textarea
    )


class OperationCreateForm(CommPlanForm):
    codename = forms.CharField(label=_("Codename"), max_length=64)
    objective = forms.CharField(
        label=_("Objective"), required=False, max_length=4000, widget=forms.Textarea
    )
    field_order = ["codename", "objective"]


class RequestAddForm(forms.Form):
    rescue_request = forms.UUIDField(label=_("Rescue request"))


class TeamAddForm(forms.Form):
    member = forms.UUIDField(label=_("Member"))
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices)


class WaypointAddForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of stop"), choices=WaypointKind.choices)
    place = forms.UUIDField(label=_("Place"))
    planned_arrival = forms.DateTimeField(
        label=_("Planned arrival"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    transport = forms.ChoiceField(label=_("Transport to here"), choices=Transport.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class SupplyAddForm(forms.Form):
    kind = forms.ChoiceField(label=_("Supply"), choices=SupplyKind.choices)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100000)
    carried_by = forms.UUIDField(label=_("Carried by"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


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
