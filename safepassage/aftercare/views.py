"""Aftercare pages: arrival with the match check, her care page, testimony, follow-ups, export.

Thin views: parse a form, call a selector or service, render. Every page declares its rule.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safepassage.accounts.models import User
from safepassage.accounts.permissions import (
    ActionRefused,
    Capability,
    access,
    has_capability,
    request_user,
)
from safepassage.aftercare import decoy, selectors, services
from safepassage.aftercare.forms import (
    ArrivalForm,
    ConsentForm,
    DayForm,
    FamilyMemberForm,
    HoldForm,
    NotifyForm,
    ReaderForm,
    ReferralForm,
    ReferralUpdateForm,
    TestimonyForm,
    WithdrawForm,
)
from safepassage.aftercare.models import ConsentPurpose
from safepassage.formerrors import add_service_errors, call_service_for_message
from safepassage.intel import decoy as intel_decoy
from safepassage.intel import selectors as intel_selectors
from safepassage.intel.models import Place
from safepassage.submissions import already_saved, new_token, remember, saves_once, submission_token
from safepassage.tracing import decoy as tracing_decoy
from safepassage.tracing.models import Person, Report
from safepassage.tracing.services import Candidate


def _reception_points(request: HttpRequest) -> list[Place] | None:
    """A decoy's pretend reception points; None for a real user (the network's are read)."""
    return decoy.reception_points(request) if request_user(request).is_decoy else None


def _place_choices(request: HttpRequest) -> list[tuple[str, str]]:
    points = _reception_points(request)
    if points is None:
        points = selectors.reception_points_for_user(user=request_user(request))
    return [(str(p.pk), p.name) for p in points]


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


# --- follow-ups (the aftercare home) -------------------------------------------------------


@access(capability=Capability.CASES_READ)
@require_GET
def followups(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return render(
        request,
        "aftercare/followups.html",
        {
            # A decoy's: its pretend referrals overdue, as a real user's real ones.
            "referrals": decoy.followups_overdue(request)
            if user.is_decoy
            else selectors.followups_overdue_for_user(user=user),
            "can_write": has_capability(user, Capability.CASES_WRITE),
            "can_export": has_capability(user, Capability.CASES_ALL),
        },
    )


# --- arrival -------------------------------------------------------------------------------


# Session key: each arrival form's submission token → the person whose arrival it recorded,
# so the same form sent again (after Back) says so instead of offering candidates again.
ARRIVALS_RECORDED = "aftercare_arrivals_recorded"
KEEP_RECORDED = 20
SUBMISSION_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


@access(capability=Capability.CASES_WRITE)
@require_http_methods(["GET", "POST"])
def arrival(request: HttpRequest) -> HttpResponse:
    """Her names as she gives them → candidates with evidence → confirm who she is → record."""
    user = request_user(request)
    form = ArrivalForm(request.POST or None, places=_place_choices(request))
    submission = request.POST.get("submission", "")
    if not SUBMISSION_RE.match(submission):
        submission = secrets.token_urlsafe(24)
    recorded: str | None = request.session.get(ARRIVALS_RECORDED, {}).get(submission)
    candidates: list[Candidate] = []
    checked = False
    status = 200
    if recorded is not None:
        status = 422  # this very form was already used to record her arrival
    elif request.method == "POST":
        status = 422
        form.is_valid()
        place = _arrival_entries_check(request, form)
        if not form.errors:
            decision = request.POST.get("decision", "check")
            candidates = (
                # A decoy's: its own pretend persons, as a real check finds those it sees.
                decoy.arrival_candidates(request, form.record())
                if user.is_decoy
                else selectors.arrival_candidates_for_user(user=user, details=form.record())
            )
            checked = True
            status = 200
            if decision != "check" and request.POST.get("checked") == "1":
                response, recorded = _arrival_confirm(
                    request, user, form, decision, candidates, place, submission
                )
                if response is not None:
                    return response
                status = 422
    return render(
        request,
        "aftercare/arrival.html",
        {
            "form": form,
            "candidates": candidates,
            "checked": checked,
            "submission": submission,
            "recorded": recorded,
        },
        status=status,
    )


def _add_new_errors(form: ArrivalForm, exc: ValidationError) -> None:
    """The service's errors, except on fields the form already found wrong (one each)."""
    for name, texts in exc.message_dict.items():
        if name in form.errors:
            continue
        for text in texts:
            form.add_error(name if name in form.fields else None, text)


def _arrival_entries_check(request: HttpRequest, form: ArrivalForm) -> Place | None:
    """Check the reception fields now, with the form's own checks: every error at once."""
    data = form.cleaned_data
    place: Place | None = None
    try:
        place = selectors.reception_point_resolve(
            user=request_user(request),
            place_id=data.get("reception_place"),
            points=_reception_points(request),
        )
    except ValidationError as exc:
        _add_new_errors(form, exc)
    try:
        services.arrival_check(
            details=services.ArrivalDetails(
                arrived_on=data.get("arrived_on"),
                reception_place=place,
                reception_text=data.get("reception_text", ""),
                received_by=data.get("received_by", ""),
            )
        )
    except ValidationError as exc:
        _add_new_errors(form, exc)
    return place


def _arrival_confirm(
    request: HttpRequest,
    user: User,
    form: ArrivalForm,
    decision: str,
    candidates: list[Candidate],
    place: Place | None,
    submission: str,
) -> tuple[HttpResponse | None, str | None]:
    """Record the arrival: (the redirect to her care page, None), or (None, the id of the
    person whose arrival is already recorded, if that is why it was refused)."""
    person: Person | None = None
    score: float | None = None
    if decision != "new":
        if not decision.startswith("person:"):
            form.add_error(None, _("Choose who she is, or enter a new person."))
            return None, None
        person_id = decision[len("person:") :]
        person = (
            # A decoy's: one of its pretend persons (any other id: 404, as out of reach).
            decoy.person_or_404(request, person_id)
            if user.is_decoy
            else selectors.person_get_for_user(user=user, person_id=person_id)
        )
        score = next((c.score for c in candidates if c.person.pk == person.pk), None)
    data = form.cleaned_data
    details = services.ArrivalDetails(
        arrived_on=data["arrived_on"],
        reception_place=place,
        reception_text=data["reception_text"],
        received_by=data["received_by"],
        condition=data["condition"],
        immediate_needs=data["immediate_needs"],
        children_with_her=data["children_with_her"],
        names_as_given=form.names(),
        match_score=None if score is None else max(0.0, min(1.0, score)),
    )
    try:
        if user.is_decoy and person is not None:  # kept in its session, as she is
            record = services.arrival_pretend(
                actor=user,
                person=person,
                details=details,
                recorded=decoy.arrived_on(request, person.pk) is not None,
            )
        else:
            record = services.arrival_record(
                actor=user,
                person=person,
                new_person=form.person_details() if person is None else None,
                details=details,
            )
    except ValidationError as exc:
        add_service_errors(form, exc)
        already = person is not None and "person" in getattr(exc, "error_dict", {})
        return None, str(person.pk) if already and person is not None else None
    except ActionRefused as exc:
        raise Http404 from exc
    if user.is_decoy:  # nothing was saved: its care page lives in the decoy's session only
        decoy.remember(request, record)
    kept: dict[str, str] = dict(request.session.get(ARRIVALS_RECORDED, {}))
    kept[submission] = str(record.person_id)
    request.session[ARRIVALS_RECORDED] = dict(list(kept.items())[-KEEP_RECORDED:])
    messages.success(request, _("Arrival recorded. Her status is now “arrived”."))
    return redirect("aftercare:person", person_id=record.person_id), None


# --- her care page -------------------------------------------------------------------------


@access(capability=Capability.CASES_READ)
@require_GET
def person(request: HttpRequest, person_id: str) -> HttpResponse:
    user = request_user(request)
    page = (
        decoy.page(request, person_id)
        if user.is_decoy
        else selectors.aftercare_page_for_user(user=user, person_id=person_id)
    )
    reports = [(str(r.pk), f"{r.reporter_name} ({r.reported_on})") for r in page.reports]
    # Several forms share one page: each gets its own element ids (same field names), so
    # every label points at its own field.
    family = [
        (
            member,
            {
                "notify": NotifyForm(auto_id=f"notify-{member.pk}-%s"),
                "met": DayForm(auto_id=f"met-{member.pk}-%s"),
                "reunite": DayForm(auto_id=f"reunite-{member.pk}-%s"),
                "hold": HoldForm(auto_id=f"hold-{member.pk}-%s"),
            },
        )
        for member in page.family
    ]
    return render(
        request,
        "aftercare/person.html",
        {
            "page": page,
            "person": page.person,
            "can_write": has_capability(user, Capability.CASES_WRITE),
            "family": family,
            "family_form": FamilyMemberForm(reports=reports, auto_id="family-%s"),
            "family_submission": new_token(),
            "referral_form": ReferralForm(auto_id="referral-%s"),
            "referral_submission": new_token(),
            "referral_update_form": ReferralUpdateForm(),
            "consent_form": ConsentForm(auto_id="consent-%s"),
            "consent_submission": new_token(),
        },
    )


def _back(person_id: Any) -> HttpResponse:
    return redirect("aftercare:person", person_id=person_id)


def _added(request: HttpRequest, submission: str, person_id: Any) -> HttpResponse:
    """After a form of her care page that adds a record saved it: her care page, noted as
    what that form saved (``safepassage.submissions``), so sent again it adds nothing."""
    return remember(request, submission, reverse("aftercare:person", args=[person_id]))


def _pretend(
    request: HttpRequest,
    person_id: str,
    form: Any,
    done: str,
    save: Callable[[Person, dict[str, Any]], object],
    submission: str,
) -> HttpResponse | None:
    """A decoy writing on the care page of its pretend person: the form and the service's
    own checks run as usual, the answer (success or error, word for word) is a real save's,
    and what it saved is kept in its session only (and noted as what its form's
    ``submission`` token saved, as a real save is). None for everyone else."""
    person = decoy.person(request, person_id)
    if person is None:
        return None
    if not form.is_valid():
        _form_errors(request, form)
    elif call_service_for_message(request, lambda: save(person, form.cleaned_data), done=done):
        return _added(request, submission, person.pk)
    return _back(person_id)


def _report_choices(reports: list[Report]) -> list[tuple[str, str]]:
    return [(str(r.pk), "") for r in reports]


@access(capability=Capability.CASES_WRITE)
@require_POST
@saves_once
def family_add(request: HttpRequest, person_id: str) -> HttpResponse:
    user = request_user(request)
    submission = submission_token(request)
    if (earlier := already_saved(request, submission)) is not None:
        return earlier
    reports = tracing_decoy.reports(request, person_id) if user.is_decoy else []

    pretended = _pretend(
        request,
        person_id,
        FamilyMemberForm(request.POST, reports=_report_choices(reports)),
        _("Relative added."),
        lambda person, data: decoy.family_add(request, actor=user, person=person, **data),
        submission,
    )
    if pretended is not None:
        return pretended
    person = selectors.person_get_for_user(user=user, person_id=person_id)
    form = FamilyMemberForm(request.POST, reports=_report_choices(list(person.reports.all())))
    if not form.is_valid():
        _form_errors(request, form)
        return _back(person.pk)
    data = form.cleaned_data

    def act() -> None:
        report = selectors.report_resolve(person=person, report_id=data["report"])
        services.family_member_add(
            actor=user,
            person=person,
            name=data["name"],
            relationship=data["relationship"],
            contact=data["contact"],
            report=report,
            notes=data["notes"],
        )

    if call_service_for_message(request, act, done=_("Relative added.")):
        return _added(request, submission, person.pk)
    return _back(person.pk)


FAMILY_STEPS = {"notify": NotifyForm, "met": DayForm, "reunite": DayForm, "hold": HoldForm}


@access(capability=Capability.CASES_WRITE)
@require_POST
def family_step(request: HttpRequest, member_id: str, step: str) -> HttpResponse:
    user = request_user(request)
    if step not in FAMILY_STEPS:
        raise Http404
    if user.is_decoy:
        return _pretend_family_step(request, user, member_id, step)
    member = selectors.family_member_get_for_user(user=user, member_id=member_id)
    form = FAMILY_STEPS[step](request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(member.person_id)
    data = form.cleaned_data
    actions: dict[str, Callable[[], Any]] = {
        "notify": lambda: services.family_notify(
            actor=user,
            member=member,
            how=data.get("how", ""),
            at=data.get("at"),
            note=data.get("note", ""),
        ),
        "met": lambda: services.family_met(actor=user, member=member, on=data.get("on")),
        "reunite": lambda: services.family_reunite(
            actor=user, member=member, on=data.get("on"), reason=data.get("reason", "")
        ),
        "hold": lambda: services.family_hold(
            actor=user, member=member, reason=data.get("reason", "")
        ),
    }
    call_service_for_message(request, actions[step], done=_family_step_done(step))
    return _back(member.person_id)


def _family_step_done(step: str) -> str:
    return {
        "notify": _("Notification recorded."),
        "met": _("Meeting recorded."),
        "reunite": _("Reunited. Her status is now “reunited”."),
        "hold": _("Reason recorded."),
    }[step]


def _pretend_family_step(
    request: HttpRequest, user: User, member_id: str, step: str
) -> HttpResponse:
    """:func:`family_step` for a decoy: on its pretend relatives only (any other id is not
    found, as it sees no record), checked as a real step, kept in its session only."""
    member = decoy.family_member_or_404(request, member_id)
    form = FAMILY_STEPS[step](request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(member.person_id)
    data = form.cleaned_data

    def act() -> None:
        decoy.family_step(
            request,
            actor=user,
            member=member,
            step=step,
            how=data.get("how", ""),
            at=data.get("at"),
            note=data.get("note", ""),
            on=data.get("on"),
            reason=data.get("reason", ""),
        )

    call_service_for_message(request, act, done=_family_step_done(step))
    return _back(member.person_id)


@access(capability=Capability.CASES_WRITE)
@require_POST
@saves_once
def referral_add(request: HttpRequest, person_id: str) -> HttpResponse:
    user = request_user(request)
    submission = submission_token(request)
    if (earlier := already_saved(request, submission)) is not None:
        return earlier
    pretended = _pretend(
        request,
        person_id,
        ReferralForm(request.POST),
        _("Referral recorded."),
        lambda person, data: decoy.referral_add(request, actor=user, person=person, **data),
        submission,
    )
    if pretended is not None:
        return pretended
    person = selectors.person_get_for_user(user=user, person_id=person_id)
    form = ReferralForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    elif call_service_for_message(
        request,
        lambda: services.referral_create(actor=user, person=person, **form.cleaned_data),
        done=_("Referral recorded."),
    ):
        return _added(request, submission, person.pk)
    return _back(person.pk)


@access(capability=Capability.CASES_WRITE)
@require_POST
def referral_edit(request: HttpRequest, referral_id: str) -> HttpResponse:
    user = request_user(request)
    pretend = decoy.referral_find(request, referral_id) if user.is_decoy else None
    if user.is_decoy and pretend is None:  # its pretend referrals only, as for anyone
        raise Http404
    referral = pretend or selectors.referral_get_for_user(user=user, referral_id=referral_id)
    form = ReferralUpdateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        # An empty date field keeps the stored follow-up date.
        day = data["follow_up_on"] or services.UNCHANGED

        def act() -> None:
            if pretend is None:
                services.referral_update(
                    actor=user,
                    referral=referral,
                    status=data["status"],
                    follow_up_on=day,
                    note=data["note"],
                )
                return
            decoy.referral_update(
                request,
                actor=user,
                referral=pretend,
                status=data["status"],
                follow_up_on=day,
                note=data["note"],
            )

        call_service_for_message(
            request,
            act,
            done=_("Referral updated."),
        )
    else:
        _form_errors(request, form)
    if request.POST.get("next") == "followups":
        return redirect("aftercare:followups")
    return _back(referral.person_id)


@access(capability=Capability.CASES_WRITE)
@require_POST
@saves_once
def consent_add(request: HttpRequest, person_id: str) -> HttpResponse:
    user = request_user(request)
    submission = submission_token(request)
    if (earlier := already_saved(request, submission)) is not None:
        return earlier
    pretended = _pretend(
        request,
        person_id,
        ConsentForm(request.POST),
        _("Consent recorded."),
        lambda person, data: decoy.consent_record(request, person=person, **data),
        submission,
    )
    if pretended is not None:
        return pretended
    person = selectors.person_get_for_user(user=user, person_id=person_id)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    elif call_service_for_message(
        request,
        lambda: services.consent_record(actor=user, person=person, **form.cleaned_data),
        done=_("Consent recorded."),
    ):
        return _added(request, submission, person.pk)
    return _back(person.pk)


@access(capability=Capability.CASES_WRITE)
@require_POST
def consent_withdraw(request: HttpRequest, consent_id: str) -> HttpResponse:
    user = request_user(request)
    form = WithdrawForm(request.POST)
    if user.is_decoy:  # its pretend consents only; any other id is not found, as for anyone
        person_id, _kept = decoy.consent_or_404(request, consent_id)
        if not form.is_valid():  # refused as a real withdrawal is
            _form_errors(request, form)
            return _back(person_id)
        call_service_for_message(
            request,
            lambda: decoy.consent_withdraw(request, consent_id),
            done=_("Consent withdrawn."),
        )
        return _back(person_id)
    consent = selectors.consent_get_for_user(user=user, consent_id=consent_id)
    if not form.is_valid():  # a note it cannot keep: said, and nothing withdrawn
        _form_errors(request, form)
        return _back(consent.person_id)
    call_service_for_message(
        request,
        lambda: services.consent_withdraw(
            actor=user, consent=consent, note=form.cleaned_data["note"]
        ),
        done=_("Consent withdrawn."),
    )
    return _back(consent.person_id)


# --- testimony -----------------------------------------------------------------------------


@access(capability=Capability.CASES_WRITE)
@require_http_methods(["GET", "POST"])
@saves_once
def testimony_new(request: HttpRequest, person_id: str) -> HttpResponse:
    user = request_user(request)
    pretend_person = decoy.person(request, person_id)
    person = pretend_person or selectors.person_get_for_user(user=user, person_id=person_id)
    form = TestimonyForm(
        request.POST or None,
        # A decoy's own pretend holders and places, as a real user's those it may see.
        holders=intel_decoy.holder_choices(request)
        if user.is_decoy
        else intel_selectors.holder_choices(user=user),
        places=intel_decoy.place_choices(request)
        if user.is_decoy
        else intel_selectors.place_choices(user=user),
    )
    submission = submission_token(request)
    if (earlier := already_saved(request, submission)) is not None:
        return earlier
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            holders, places = (
                decoy.testimony_links(request, data["perpetrators"], data["places"])
                if user.is_decoy
                else selectors.testimony_links(
                    user=user, perpetrators=data["perpetrators"], places=data["places"]
                )
            )
            details = services.TestimonyDetails(
                account=data["account"],
                language=data["language"],
                captivity_from=data["captivity_from"],
                captivity_to=data["captivity_to"],
                perpetrators=holders,
                places=places,
                events=data["events"],
            )
            if pretend_person is not None:
                # A decoy's testimony is checked as a real one (her pretend consent too) and
                # kept in its session only; it is told what a real save is told, and its page
                # opens as a real one's.
                testimony = services.testimony_pretend(
                    actor=user,
                    person=person,
                    details=details,
                    consented=lambda: decoy.consent_given(
                        request, person.pk, ConsentPurpose.TESTIMONY
                    ),
                )
                decoy.testimony_keep(request, testimony)
            else:
                testimony = services.testimony_record(actor=user, person=person, details=details)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ActionRefused as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Testimony kept. Only the users named on it can read it."))
            return remember(
                request, submission, reverse("aftercare:testimony", args=[testimony.pk])
            )
    return render(
        request,
        "aftercare/testimony_form.html",
        {"form": form, "person": person, "submission": submission},
        status=422 if request.method == "POST" else 200,
    )


@access(capability=Capability.CASES_READ)
@require_GET
def testimony(request: HttpRequest, testimony_id: str) -> HttpResponse:
    user = request_user(request)
    if user.is_decoy:  # its pretend testimonies only; it sees no user to name
        page = decoy.testimony_page(request, testimony_id)
        users: list[tuple[str, str]] = []
    else:
        page = selectors.testimony_page_for_user(user=user, testimony_id=testimony_id)
        users = [
            (str(u.pk), f"{u.username} ({u.get_role_display()})")
            for u in selectors.reader_candidates(user=user, testimony=page.testimony)
        ]
    return render(
        request,
        "aftercare/testimony.html",
        {
            "page": page,
            "testimony": page.testimony,
            "reader_form": ReaderForm(users=users),
            "can_write": has_capability(user, Capability.CASES_WRITE),
        },
    )


@access(capability=Capability.CASES_WRITE)
@require_POST
def testimony_reader(request: HttpRequest, testimony_id: str) -> HttpResponse:
    user = request_user(request)
    if user.is_decoy:  # its pretend testimonies only, refused as a real one's (nothing kept)
        pretend = decoy.testimony_page(request, testimony_id)
        call_service_for_message(
            request,
            lambda: services.testimony_reader_pretend(
                actor=user,
                readers=[r.user for r in pretend.readers],
                user_id=request.POST.get("user", ""),
                remove=request.POST.get("remove") == "1",
            ),
            done=_("Readers updated."),
        )
        return redirect("aftercare:testimony", testimony_id=pretend.testimony.pk)
    page = selectors.testimony_get_for_user(user=user, testimony_id=testimony_id)

    def act() -> None:
        reader = selectors.reader_resolve(user_id=request.POST.get("user", ""))
        if request.POST.get("remove") == "1":
            services.testimony_unname_reader(actor=user, testimony=page, user=reader)
        else:
            services.testimony_name_reader(actor=user, testimony=page, user=reader)

    call_service_for_message(request, act, done=_("Readers updated."))
    return redirect("aftercare:testimony", testimony_id=page.pk)


# --- export for investigators --------------------------------------------------------------


@access(capability=Capability.CASES_ALL)
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    # A decoy's: its pretend testimonies with her pretend consent, as a real user's real ones.
    count = (
        len(decoy.exportable(request))
        if user.is_decoy
        else selectors.export_count_for_user(user=user)
    )
    return render(request, "aftercare/export.html", {"count": count})


@access(capability=Capability.CASES_ALL)
@require_POST
def export_download(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    try:
        bundle = (
            services.testimony_export_for_decoy(actor=user, testimonies=decoy.exportable(request))
            if user.is_decoy
            else services.testimony_export_build(actor=user)
        )
    except ActionRefused as exc:
        raise Http404 from exc
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response = HttpResponse(services.bundle_to_zip(bundle), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="testimony-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response
