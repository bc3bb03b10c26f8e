"""Verification pages: the coordinators' queue, a rescue request with its assessment and
approvals, recording a request, and the rules. Thin: selectors and services decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from safepassage.accounts.permissions import (
    ActionRefused,
    Capability,
    access,
    has_capability,
    request_user,
)
from safepassage.formerrors import add_service_errors
from safepassage.intel import decoy as intel_decoy
from safepassage.intel import selectors as intel
from safepassage.submissions import already_saved, remember, saves_once, submission_token
from safepassage.tracing import decoy as tracing_decoy
from safepassage.verification import decoy as verification_decoy
from safepassage.verification import evidence, selectors, services
from safepassage.verification.forms import ApproveForm, CloseForm, RequestForm, RulesForm
from safepassage.verification.models import RequestStatus
from safepassage.verification.rules import FACTOR_BY_CODE, PARAMS


def _factor_rows(factors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The factors with their label and evidence lines in the reader's language."""
    return [
        {
            **f,
            "label": FACTOR_BY_CODE[str(f["code"])].label,
            "evidence": [evidence.render(e) for e in f.get("evidence", [])],
        }
        for f in factors
        if str(f["code"]) in FACTOR_BY_CODE
    ]


@access(capability=Capability.APPROVE)
@require_http_methods(["GET"])
def queue(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return render(
        request,
        "verification/queue.html",
        {
            # A decoy's queue: its own pretend requests waiting, as a real one's would.
            "views": verification_decoy.waiting(request)
            if user.is_decoy
            else selectors.requests_for_user(user=user, waiting_only=True)
        },
    )


@access(capability=Capability.CASES_READ)
@require_http_methods(["GET", "POST"])
@saves_once
def request_create(request: HttpRequest, person_id: str) -> HttpResponse:
    user = request_user(request)
    if user.is_decoy:
        return _pretend_create(request, person_id)
    person = intel.person_get_for_user(user=user, person_id=person_id)
    form = RequestForm(
        request.POST or None,
        contacts=selectors.request_contact_choices(person=person),
        places=intel.place_choices(user=user),
        holders=intel.holder_choices(user=user),
    )
    submission = submission_token(request)
    if (earlier := already_saved(request, submission)) is not None:
        return earlier
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rescue = services.request_create(
                actor=user,
                person=person,
                contacts=[
                    intel.contact_resolve(user=user, person=person, contact_id=c, field="contacts")
                    for c in data["contacts"]
                ],
                pickup_place=intel.place_resolve(
                    user=user, place_id=data["pickup_place"], field="pickup_place"
                )
                if data["pickup_place"]
                else None,
                pickup_latitude=data["pickup_latitude"],
                pickup_longitude=data["pickup_longitude"],
                pickup_text=data["pickup_text"],
                stated_place=intel.place_resolve(
                    user=user, place_id=data["stated_place"], field="stated_place"
                )
                if data["stated_place"]
                else None,
                stated_holder=intel.holder_resolve(
                    user=user, holder_id=data["stated_holder"], field="stated_holder"
                )
                if data["stated_holder"]
                else None,
                children_count=data["children_count"],
                urgency_claimed=data["urgency_claimed"],
                holder_away_claimed=data["holder_away_claimed"],
                pickup_at_captive_location=data["pickup_at_captive_location"],
                network_chosen_meeting_point=data["network_chosen_meeting_point"],
                notes=data["notes"],
            )
        except ActionRefused as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return remember(request, submission, _detail_address(rescue.pk))
    return render(
        request,
        "verification/request_form.html",
        {"form": form, "person": person, "submission": submission},
        status=400 if request.method == "POST" else 200,
    )


def _detail_address(request_id: Any) -> str:
    return reverse("verification:request_detail", args=[request_id])


def _pretend_create(request: HttpRequest, person_id: str) -> HttpResponse:
    """:func:`request_create` for a decoy: on its pretend person only (any other id is not
    found, as it sees no record), checked as a real request, kept in its session only. The
    form offers its own pretend places and holders; any other id is unknown, as one a real
    user may not see."""
    user = request_user(request)
    person = tracing_decoy.person(request, person_id)
    if person is None:
        raise Http404
    contacts = sorted(
        tracing_decoy.contacts(request, person.pk), key=lambda c: c.occurred_at, reverse=True
    )
    form = RequestForm(
        request.POST or None,
        contacts=selectors.contact_choices(
            contacts, agreed=tracing_decoy.all_clear_periods(request, person.pk)
        ),
        # Its own pretend places and holders, as a real form offers those its user may see.
        places=intel_decoy.place_choices(request),
        holders=intel_decoy.holder_choices(request),
    )
    submission = submission_token(request)
    if (earlier := already_saved(request, submission)) is not None:
        return earlier
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rescue = verification_decoy.request_record(
                request,
                actor=user,
                person=person,
                contacts=data["contacts"],
                pickup_place=data["pickup_place"],
                stated_place=data["stated_place"],
                stated_holder=data["stated_holder"],
                pickup_latitude=data["pickup_latitude"],
                pickup_longitude=data["pickup_longitude"],
                pickup_text=data["pickup_text"],
                children_count=data["children_count"],
                urgency_claimed=data["urgency_claimed"],
                holder_away_claimed=data["holder_away_claimed"],
                pickup_at_captive_location=data["pickup_at_captive_location"],
                network_chosen_meeting_point=data["network_chosen_meeting_point"],
                notes=data["notes"],
            )
        except ActionRefused as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return remember(request, submission, _detail_address(rescue.pk))
    return render(
        request,
        "verification/request_form.html",
        {"form": form, "person": person, "submission": submission},
        status=400 if request.method == "POST" else 200,
    )


def _render_detail(
    request: HttpRequest,
    rescue_id: str,
    *,
    approve_form: ApproveForm | None = None,
    close_form: CloseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request_user(request)
    me = tracing_decoy.shown_as(user)  # a decoy's pretend approvals name her codename
    if user.is_decoy:  # its pretend requests only; any other id is not found, as for anyone
        pretend = verification_decoy.page(request, rescue_id)
        if pretend is None:
            raise Http404
        rescue, view = pretend
        contacts_count = verification_decoy.contacts_count(request, rescue_id)
    else:
        rescue = selectors.request_get_for_user(user=user, request_id=rescue_id)
        view = selectors.request_view(rescue, user=user)
        contacts_count = rescue.contacts.count()
    return render(
        request,
        "verification/request_detail.html",
        {
            "view": view,
            "rescue": rescue,
            "contacts_count": contacts_count,
            "places_shown": verification_decoy.places_shown(rescue)
            if user.is_decoy
            else selectors.request_places_shown(user=user, request=rescue),
            "factors": _factor_rows(view.current.factors) if view.current else [],
            "can_approve": has_capability(user, Capability.APPROVE),
            # One approval per coordinator: who has given one sees that, not the form again.
            "approved_by_me": any(
                a.valid and a.approval.approver_id == me.pk for a in view.approvals
            ),
            "approve_form": approve_form or ApproveForm(),
            "close_form": close_form or CloseForm(),
            # Closing leaves these operations unable to start with her: say so before.
            "carrying": selectors.operations_carrying(rescue)
            if has_capability(user, Capability.APPROVE)
            and rescue.status == RequestStatus.OPEN
            and not user.is_decoy
            else [],
        },
        status=status,
    )


@access(capability=Capability.CASES_READ)
@require_http_methods(["GET"])
def request_detail(request: HttpRequest, request_id: str) -> HttpResponse:
    return _render_detail(request, request_id)


@access(capability=Capability.APPROVE)
@require_POST
def request_approve(request: HttpRequest, request_id: str) -> HttpResponse:
    user = request_user(request)
    if user.is_decoy:
        return _pretend_approve(request, request_id)
    rescue = selectors.request_get_for_user(user=user, request_id=request_id)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            services.request_approve(actor=user, request=rescue, reason=form.cleaned_data["reason"])
        except ActionRefused as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your approval is recorded."))
            return redirect("verification:request_detail", request_id=rescue.pk)
    return _render_detail(request, request_id, approve_form=form, status=400)


def _pretend_approve(request: HttpRequest, request_id: str) -> HttpResponse:
    """:func:`request_approve` for a decoy: on its pretend request only (any other id is not
    found), checked as a real approval, kept in its session only."""
    rescue, view = verification_decoy.page_or_404(request, request_id)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            verification_decoy.approve(
                request,
                actor=request_user(request),
                rescue=rescue,
                view=view,
                reason=form.cleaned_data["reason"],
            )
        except ActionRefused as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your approval is recorded."))
            return redirect("verification:request_detail", request_id=rescue.pk)
    return _render_detail(request, request_id, approve_form=form, status=400)


@access(capability=Capability.CASES_READ)
@require_POST
def request_recompute(request: HttpRequest, request_id: str) -> HttpResponse:
    user = request_user(request)
    if user.is_decoy:  # "assessed again" in its session, on its pretend request only
        if not has_capability(user, Capability.CASES_WRITE) or not verification_decoy.recompute(
            request, request_id
        ):
            raise Http404
        messages.success(request, _("Assessed again."))
        return redirect("verification:request_detail", request_id=request_id)
    rescue = selectors.request_get_for_user(user=user, request_id=request_id)
    try:
        services.request_recompute(actor=user, request=rescue)
    except ActionRefused as exc:
        raise Http404 from exc
    messages.success(request, _("Assessed again."))
    return redirect("verification:request_detail", request_id=rescue.pk)


@access(capability=Capability.APPROVE)
@require_POST
def request_close(request: HttpRequest, request_id: str) -> HttpResponse:
    user = request_user(request)
    if user.is_decoy:
        return _pretend_close(request, request_id)
    rescue = selectors.request_get_for_user(user=user, request_id=request_id)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.request_close(actor=user, request=rescue, reason=form.cleaned_data["reason"])
        except ActionRefused as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("verification:request_detail", request_id=rescue.pk)
    return _render_detail(request, request_id, close_form=form, status=400)


def _pretend_close(request: HttpRequest, request_id: str) -> HttpResponse:
    """:func:`request_close` for a decoy: on its pretend request only, checked as a real
    closing, its new status kept in its session only."""
    found = verification_decoy.page(request, request_id)
    if found is None:
        raise Http404
    rescue, _view = found
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            closed = services.request_close_pretend(
                actor=request_user(request), request=rescue, reason=form.cleaned_data["reason"]
            )
        except ActionRefused as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            verification_decoy.status_keep(request, closed)
            messages.success(request, _("Saved."))
            return redirect("verification:request_detail", request_id=rescue.pk)
    return _render_detail(request, request_id, close_form=form, status=400)


@access(capability=Capability.APPROVE)
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _config, current = selectors.rules_current()
    form = RulesForm(request.POST or None, rules=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.rules_update(
                actor=user,
                weights=form.weights(),
                params=form.params(),
                threshold=form.cleaned_data["threshold"],
                reason=form.cleaned_data["reason"],
            )
        except ActionRefused as exc:
            raise Http404 from exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The rules are saved; open requests were assessed again."))
            return redirect("verification:rules")
    return render(
        request,
        "verification/rules.html",
        {
            "form": form,
            "history": selectors.rules_history(user=user),
            "param_names": list(PARAMS),
        },
        status=400 if request.method == "POST" else 200,
    )
