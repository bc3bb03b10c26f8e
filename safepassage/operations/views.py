"""Operation pages: alerts, planning, running, the field page and the compromise report.

Thin: parse, call a service or selector, render. Coordinators use ``operations.manage`` pages;
field members only the field pages, which never show anything beyond their operation.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safepassage.accounts.permissions import Capability, access, get_visible_or_404, request_user
from safepassage.formerrors import add_service_errors
from safepassage.intel.models import Member, Place
from safepassage.operations import compromise, forms, selectors, services
from safepassage.operations import decoy as operations_decoy
from safepassage.operations.models import Alert, Operation, OperationStatus, Waypoint
from safepassage.verification.models import RescueRequest

# --- alerts --------------------------------------------------------------------------------


@access(capability=Capability.ALERTS)
@require_GET
def alerts_panel(request: HttpRequest) -> HttpResponse:
    alerts = operations_decoy.alert_rows_open(request, request_user(request))
    return render(request, "operations/alerts_panel.html", {"alerts": alerts})


@access(capability=Capability.ALERTS)
@require_POST
def alert_acknowledge_view(request: HttpRequest, alert_id: str) -> HttpResponse:
    """Acknowledge an alert; a decoy its pretend ones only (any other is not found)."""
    user = request_user(request)
    note = request.POST.get("note", "")[:500]
    try:
        if user.is_decoy:
            pretend = operations_decoy.alert_or_404(request, alert_id)
            operations_decoy.acknowledge(request, actor=user, alert=pretend, note=note)
        else:
            alert = get_visible_or_404(Alert.objects.all(), user, alert_id)
            services.alert_acknowledge(actor=user, alert=alert, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Alert acknowledged."))
    target = request.POST.get("next", "")
    if (
        target
        and not target.startswith(reverse("operations:alerts_panel"))
        and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    ):
        return redirect(target)
    return redirect("dashboard")


# --- coordinators: list, create, plan ------------------------------------------------------


@access(capability=Capability.OPERATIONS_MANAGE)
@require_GET
def operation_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if user.is_decoy:
        operations = operations_decoy.operations_all(request)
    else:
        operations = selectors.operations_for_coordinator(user=user)
    return render(
        request,
        "operations/operation_list.html",
        {
            "operations": operations,
            "alerts": operations_decoy.alert_rows_open(request, user),
        },
    )


@access(capability=Capability.OPERATIONS_MANAGE)
@require_http_methods(["GET", "POST"])
def operation_create_view(request: HttpRequest) -> HttpResponse:
    """A new draft; a decoy's is checked as a real one and kept in its session only."""
    user = request_user(request)
    form = forms.OperationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if user.is_decoy:
                operation = operations_decoy.operation_record(
                    request, actor=user, **form.cleaned_data
                )
            else:
                operation = services.operation_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("operations:detail", operation_id=operation.pk)
    return render(
        request,
        "operations/operation_create.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )


def _operation(request: HttpRequest, operation_id: str) -> Operation:
    """The operation a coordinator's page is about; a decoy's pretend one (any other id is
    not found)."""
    user = request_user(request)
    if user.is_decoy:
        return operations_decoy.operation_or_404(request, operation_id)
    return selectors.operation_get_for_coordinator(user=user, operation_id=operation_id)


def _plan_context(request: HttpRequest, operation: Operation, **extra: Any) -> dict[str, Any]:
    user = request_user(request)
    draft = operation.status == OperationStatus.DRAFT
    if user.is_decoy:
        plan = operations_decoy.plan(request, operation)
        problems = operations_decoy.problems(request, operation) if draft else []
    else:
        plan = selectors.operation_plan(user=user, operation=operation)
        problems = services.plan_problems(operation) if draft else []
    context: dict[str, Any] = {
        "operation": operation,
        "plan": plan,
        "problems": problems,
        "alerts": operations_decoy.alert_rows_open(request, user),
        "outcome_choices": forms.MEMBER_OUTCOME_CHOICES,
        "end_form": forms.EndForm(),
    }
    if draft:
        # A decoy's pretend draft offers nothing of the network's: its own pretend rescue
        # requests, members and places.
        real = not user.is_decoy
        if real:
            choices = selectors.request_choices(user=user, operation=operation)
            members = selectors.members_available(user=user, operation=operation)
            places = list(Place.objects.all()[:500])
        else:
            choices = operations_decoy.request_choices(request, operation)
            members = operations_decoy.members_available(request, operation)
            places = operations_decoy.places(request)
        context.update(
            comm_form=forms.CommPlanForm(
                initial={
                    "channel": operation.channel,
                    "check_in_interval_minutes": operation.check_in_interval_minutes,
                    "grace_minutes": operation.grace_minutes,
                    "comm_notes": operation.comm_notes,
                },
                codes_set=bool(operation.check_in_code_hash),
            ),
            requests=choices,
            requests_repeat=any(c.siblings for c in choices),
            members=members,
            places=places,
            team_roles=forms.TeamAddForm.base_fields["role"].choices,  # type: ignore[attr-defined]
            waypoint_form=forms.WaypointAddForm(),
            supply_form=forms.SupplyAddForm(),
        )
    context.update(extra)
    return context


@access(capability=Capability.OPERATIONS_MANAGE)
@require_GET
def operation_detail(request: HttpRequest, operation_id: str) -> HttpResponse:
    operation = _operation(request, operation_id)
    return render(request, "operations/operation_detail.html", _plan_context(request, operation))


def _lookup(request: HttpRequest, model: type[Any], value: Any) -> Any:
    """The record a plan form names (a decoy's: its own pretend one)."""
    if not value:
        return None
    try:
        return operations_decoy.named(request, model, value)
    except (model.DoesNotExist, ValueError, ValidationError):
        raise ValidationError(_("That choice is not available.")) from None


_PLAN_FORMS: dict[str, type[Any]] = {
    "comm": forms.CommPlanForm,
    "person": forms.RequestAddForm,
    "team": forms.TeamAddForm,
    "waypoint": forms.WaypointAddForm,
    "supply": forms.SupplyAddForm,
}


def _plan_form_data(request: HttpRequest, section: str) -> dict[str, Any]:
    form = _PLAN_FORMS[section](request.POST)
    if not form.is_valid():
        raise ValidationError(
            [f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}"
             for f, e in form.errors.items()]
        )  # fmt: skip
    data: dict[str, Any] = form.cleaned_data
    return data


def _carrier(request: HttpRequest, operation: Operation, carried_by: Any) -> Any:
    """The team member a supply form names as its carrier (a decoy's: one of its pretend
    draft's team)."""
    if not carried_by:
        return None
    found = operations_decoy.team_member_of(request, operation, carried_by)
    if found is None:
        raise ValidationError(_("The carrier must be on this operation's team."))
    return found


def _plan_change(request: HttpRequest, operation: Operation, section: str) -> None:
    """Make one plan section's change (a decoy's on its pretend draft, kept in its session)."""
    user = request_user(request)
    if section == "remove":
        item = {
            "item_type": request.POST.get("item_type", ""),
            "item_id": request.POST.get("item_id", ""),
        }
        if user.is_decoy:
            operations_decoy.item_remove_record(request, actor=user, operation=operation, **item)
        else:
            services.plan_item_remove(actor=user, operation=operation, **item)
        return
    if section not in _PLAN_FORMS:
        raise Http404
    data = _plan_form_data(request, section)
    if section == "person":
        data = {"rescue_request": _lookup(request, RescueRequest, data["rescue_request"])}
    elif section == "team":
        data = {"member": _lookup(request, Member, data["member"]), "role": data["role"]}
    elif section == "waypoint":
        data = {**data, "place": _lookup(request, Place, data["place"])}
    elif section == "supply":
        data = {**data, "carried_by": _carrier(request, operation, data["carried_by"])}
    operations_decoy.plan_save(request, actor=user, operation=operation, section=section, **data)


@access(capability=Capability.OPERATIONS_MANAGE)
@require_POST
def operation_plan_change(request: HttpRequest, operation_id: str, section: str) -> HttpResponse:
    """One POST target per plan section; errors come back as messages on the plan page."""
    operation = _operation(request, operation_id)
    try:
        _plan_change(request, operation, section)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect("operations:detail", operation_id=operation.pk)


def _ending(request: HttpRequest) -> dict[str, Any]:
    """The outcome the end form posts: how it ended, what happened, who was brought out and
    each team member's outcome."""
    return {
        "status": request.POST.get("status", ""),
        "notes": request.POST.get("notes", "")[:4000],
        "brought_out": request.POST.getlist("brought_out"),
        "member_outcomes": {
            key.removeprefix("outcome-"): str(request.POST.get(key, ""))
            for key in request.POST
            if key.startswith("outcome-")
        },
    }


@access(capability=Capability.OPERATIONS_MANAGE)
@require_POST
def operation_transition(request: HttpRequest, operation_id: str, action: str) -> HttpResponse:
    """Approve, reopen, start or end an operation (a decoy's pretend one, kept in its
    session)."""
    user = request_user(request)
    operation = _operation(request, operation_id)
    if action not in ("approve", "reopen", "start", "end"):
        raise Http404
    ending = _ending(request) if action == "end" else {}
    try:
        operations_decoy.operation_step(
            request, actor=user, operation=operation, action=action, **ending
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect("operations:detail", operation_id=operation.pk)


# --- field members -------------------------------------------------------------------------


@access(capability=Capability.OPERATIONS_FIELD)
@require_GET
def field_home(request: HttpRequest) -> HttpResponse:
    operations = selectors.field_operations(user=request_user(request))
    if len(operations) == 1:
        return redirect("operations:field", operation_id=operations[0].pk)
    return render(request, "operations/field_home.html", {"operations": operations})


# What the field page says for each check-in field that fails its shape check.
_FIELD_ERRORS: dict[str, Promise] = {
    "pressed": gettext_lazy("Press OK, delayed or danger."),
    "code": gettext_lazy("A check-in code has at most 64 characters."),
    "waypoint": gettext_lazy("That waypoint is not on this route."),
    "position": gettext_lazy("A position has at most 200 characters."),
    "note": gettext_lazy("A note has at most 2000 characters."),
}


def _check_in_refused(request: HttpRequest, operation_id: str) -> None:
    """A check-in this page refuses (its operation not shown, or its input refused): what was
    sent, as sent, so a duress code too long or beside a typing mistake still alerts."""
    services.check_in_unseen(
        actor=request_user(request),
        operation_id=operation_id,
        code=request.POST.get("code", ""),
        waypoint_id=request.POST.get("waypoint", ""),
        position=request.POST.get("position", ""),
    )


@access(capability=Capability.OPERATIONS_FIELD)
@never_cache
@require_http_methods(["GET", "POST"])
def field_page(request: HttpRequest, operation_id: str) -> HttpResponse:
    user = request_user(request)
    try:
        operation = selectors.field_operation_get(user=user, operation_id=operation_id)
    except Http404:
        if request.method == "POST":
            # Not found whatever the code; a duress code still alerts (a page left open).
            _check_in_refused(request, operation_id)
        raise
    error = ""
    if request.method == "POST":
        form = forms.CheckInForm(request.POST)
        waypoint = None
        if form.is_valid() and form.cleaned_data["waypoint"]:
            waypoint = Waypoint.objects.filter(
                operation=operation, pk=form.cleaned_data["waypoint"]
            ).first()
            if waypoint is None:
                form.add_error("waypoint", _("That waypoint is not on this route."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.check_in_record(
                    actor=user,
                    operation=operation,
                    pressed=data["pressed"],
                    code=data["code"],
                    waypoint=waypoint,
                    position=data["position"],
                    note=data["note"],
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                # The same answer whatever the code was: nothing on this screen tells.
                return redirect("operations:field_done", operation_id=operation.pk)
        else:
            # The same refusal whatever the code was; a duress code still alerts.
            _check_in_refused(request, operation_id)
            error = " ".join(str(t) for name, t in _FIELD_ERRORS.items() if name in form.errors)
    view = selectors.field_view(user=user, operation=operation)
    return render(
        request,
        "operations/field.html",
        {"view": view, "error": error},
        status=422 if error else 200,
    )


@access(capability=Capability.OPERATIONS_FIELD)
@never_cache
@require_GET
def field_done(request: HttpRequest, operation_id: str) -> HttpResponse:
    user = request_user(request)
    operation = selectors.field_operation_get(user=user, operation_id=operation_id)
    return render(request, "operations/field_done.html", {"operation": operation})


@access(capability=Capability.OPERATIONS_FIELD)
@require_GET
def field_photo(request: HttpRequest, operation_id: str, person_id: str) -> HttpResponse:
    data, content_type = selectors.field_photo(
        user=request_user(request), operation_id=operation_id, person_id=person_id
    )
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = "no-store, private"
    response["Content-Disposition"] = "inline"
    return response


# --- compromise report ---------------------------------------------------------------------


@access(capability=Capability.OPERATIONS_MANAGE)
@require_GET
def compromise_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if user.is_decoy:  # its own pretend members marked lost
        members, accounts = operations_decoy.compromise_subjects(request, user=user)
    else:
        members, accounts = compromise.compromise_subjects(user=user)
    return render(
        request, "operations/compromise_list.html", {"members": members, "accounts": accounts}
    )


@access(capability=Capability.OPERATIONS_MANAGE)
@require_GET
def compromise_view(request: HttpRequest, kind: str, subject_id: str) -> HttpResponse:
    user = request_user(request)
    report = operations_decoy.compromise_report_shown(
        request, user=user, kind=kind, subject_id=subject_id
    )
    if request.GET.get("format") == "csv":
        response = HttpResponse(
            operations_decoy.compromise_csv(user, report), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="compromise-report.csv"'
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "operations/compromise_report.html",
        {
            "report": report,
            "csv_url": f"{reverse('operations:compromise', args=[kind, subject_id])}?format=csv",
        },
    )
