"""Intel pages: gazetteer, members, holders, incidents, a person's location reports.

Thin: parse the form, call a selector or a service, render. A record outside the user's
need-to-know is a 404; a service's refusal of a write is a 404 too (nothing to act on).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from safepassage import searches
from safepassage.accounts.models import User
from safepassage.accounts.permissions import (
    Capability,
    access,
    has_capability,
    request_user,
)
from safepassage.formerrors import call_service
from safepassage.intel import decoy as intel_decoy
from safepassage.intel import selectors, services
from safepassage.intel.forms import (
    ControlForm,
    HolderForm,
    HolderSearchForm,
    IncidentForm,
    LocationReportForm,
    MemberForm,
    MemberStatusForm,
    PlaceForm,
    PlaceSearchForm,
    lines,
)
from safepassage.intel.models import Holder, Incident, LocationReport, Member, Place
from safepassage.submissions import already_saved, remember, saves_once, submission_token
from safepassage.tracing import decoy as tracing_decoy
from safepassage.tracing.models import Contact

READ = Capability.CASES_READ


def _can(user: User, capability: Capability) -> bool:
    return has_capability(user, capability) and not user.is_decoy


# --- places --------------------------------------------------------------------------------


@access(capability=READ)
@require_http_methods(["GET", "POST"])
def place_list(request: HttpRequest) -> HttpResponse:
    """Every place she may see; a search (a name, a point) is sent by POST only (searches)."""
    user = request_user(request)
    form = PlaceSearchForm(request.POST if request.method == "POST" else None)
    hits: list[selectors.PlaceHit] | None = None  # None: nothing listed (an old address)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        near = (data["lat"], data["lon"]) if data.get("lat") is not None else None
        hits = _place_hits(
            request,
            user,
            query=data.get("q") or "",
            kind=data.get("kind") or "",
            near=near,
            radius_km=data.get("km") or 10.0,
        )
    elif form.is_bound:
        hits = []
    elif not searches.in_address(request, PlaceSearchForm.base_fields):
        hits = _place_hits(request, user)
    return render(
        request,
        "intel/place_list.html",
        {"form": form, "hits": hits, "can_write": has_capability(user, Capability.CASES_WRITE)},
        status=400 if form.errors else 200,
    )


def _place_hits(request: HttpRequest, user: User, **search: Any) -> list[selectors.PlaceHit]:
    """The places a search finds: a decoy's are its pretend ones (it sees no real place)."""
    if user.is_decoy:
        return intel_decoy.place_hits(request, **search)
    return selectors.places_for_user(user=user, **search)


@access(capability=READ)
@require_http_methods(["GET", "POST"])
@saves_once
def place_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = PlaceForm(request.POST or None)
    submission = submission_token(request)
    if (earlier := already_saved(request, submission)) is not None:
        return earlier
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values: dict[str, Any] = {
            "kind": data["kind"],
            "names": lines(data["names"]),
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "control": data["control"],
            "control_as_of": data["control_as_of"],
            "notes": data["notes"],
            "secret": data["secret"],
        }

        def save() -> Place:
            if user.is_decoy:  # checked as a real one, kept in its session only
                return intel_decoy.place_record(request, actor=user, **values)
            return services.place_create(actor=user, **values)

        place = call_service(request, form, save, done=_("Saved."))
        if place is not None:
            return remember(request, submission, reverse("intel:place_detail", args=[place.pk]))
    return render(
        request,
        "intel/place_form.html",
        {"form": form, "submission": submission},
        status=400 if request.method == "POST" else 200,
    )


@access(capability=READ)
@require_http_methods(["GET", "POST"])
def place_detail(request: HttpRequest, place_id: str) -> HttpResponse:
    """A place's page; a decoy's are its pretend places only (any other id is not found),
    whose control it records as a real one, kept in its session only."""
    user = request_user(request)
    if user.is_decoy:
        place = intel_decoy.place_or_404(request, place_id)
    else:
        place = selectors.place_get_for_user(user=user, place_id=place_id)
    form = ControlForm(request.POST or None, initial={"control": place.control})
    if request.method == "POST" and form.is_valid():
        control, as_of = form.cleaned_data["control"], form.cleaned_data["as_of"]

        def save() -> Place:
            if user.is_decoy:
                return intel_decoy.place_control_record(
                    request, actor=user, place=place, control=control, as_of=as_of
                )
            return services.place_set_control(actor=user, place=place, control=control, as_of=as_of)

        if call_service(request, form, save, done=_("Saved.")) is not None:
            return redirect("intel:place_detail", place_id=place.pk)
    return render(
        request,
        "intel/place_detail.html",
        {
            "place": place,
            "form": form,
            "can_write": has_capability(user, Capability.CASES_WRITE),
            "incidents": intel_decoy.incidents_linked(request, place)
            if user.is_decoy
            else selectors.incidents_at_place(user=user, place=place),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- members -------------------------------------------------------------------------------


@access(capability=READ)
@require_http_methods(["GET", "POST"])
def member_list(request: HttpRequest) -> HttpResponse:
    """The members she may see, and a coordinator's form adding one; a decoy's are its
    pretend members, each checked as a real one and kept in its session only."""
    user = request_user(request)
    form = MemberForm(request.POST or None, accounts=selectors.account_choices(user=user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = call_service(
            request, form, lambda: _member_save(request, user, data), done=_("Saved.")
        )
        if member is not None:
            return redirect("intel:member_detail", member_id=member.pk)
    return render(
        request,
        "intel/member_list.html",
        {
            "members": intel_decoy.members_all(request)
            if user.is_decoy
            else selectors.members_for_user(user=user),
            "form": form,
            "can_manage": has_capability(user, Capability.OPERATIONS_MANAGE),
        },
        status=400 if request.method == "POST" else 200,
    )


def _member_save(request: HttpRequest, user: User, data: dict[str, Any]) -> Member:
    """A new member; a decoy's is checked as a real one and kept in its session only (it
    links no account: the form offers it none, and an id of one is unknown)."""
    account = (
        selectors.account_resolve(user=user, account_id=data["account"])
        if data["account"]
        else None
    )
    values: dict[str, Any] = {
        "codename": data["codename"],
        "role": data["role"],
        "region": data["region"],
        "channels": [{"kind": "phone", "value": n} for n in lines(data["phones"])],
        "notes": data["notes"],
    }
    if user.is_decoy:
        return intel_decoy.member_record(request, actor=user, **values)
    return services.member_create(actor=user, user=account, **values)


@access(capability=READ)
@require_http_methods(["GET", "POST"])
def member_detail(request: HttpRequest, member_id: str) -> HttpResponse:
    """A member's page; a decoy's are its pretend members only (any other id is not found),
    whose status a decoy coordinator changes as a real one, kept in its session only."""
    user = request_user(request)
    if user.is_decoy:
        member = intel_decoy.member_or_404(request, member_id)
    else:
        member = selectors.member_get_for_user(user=user, member_id=member_id)
    form = MemberStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        status, reason = form.cleaned_data["status"], form.cleaned_data["reason"]

        def save() -> Member:
            if user.is_decoy:
                return intel_decoy.member_status_record(
                    request, actor=user, member=member, status=status, reason=reason
                )
            return services.member_set_status(
                actor=user, member=member, status=status, reason=reason
            )

        if call_service(request, form, save, done=_("Saved.")) is not None:
            return redirect("intel:member_detail", member_id=member.pk)
    return render(
        request,
        "intel/member_detail.html",
        {
            "member": member,
            "history": intel_decoy.history(member)
            if user.is_decoy
            else member.status_changes.all(),
            "form": form,
            "can_manage": has_capability(user, Capability.OPERATIONS_MANAGE),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- holders -------------------------------------------------------------------------------


@access(capability=READ)
@require_http_methods(["GET", "POST"])
@saves_once
def holder_list(request: HttpRequest) -> HttpResponse:
    """The holders she may see, found by name (a search sent by POST: searches), and a new
    holder saved from the same page."""
    user = request_user(request)
    search = HolderSearchForm(searches.sent(request))
    creating = request.method == "POST" and not search.is_bound
    places = (
        intel_decoy.place_choices(request)
        if user.is_decoy  # its own pretend places; it sees no real one
        else selectors.place_choices(user=user)
    )
    form = HolderForm(request.POST if creating else None, places=places)
    submission = submission_token(request)
    if creating and (earlier := already_saved(request, submission)) is not None:
        return earlier
    if creating and form.is_valid():
        data = form.cleaned_data
        holder = call_service(
            request, form, lambda: _holder_save(request, user, data), done=_("Saved.")
        )
        if holder is not None:
            return remember(request, submission, reverse("intel:holder_detail", args=[holder.pk]))
    holders: list[Holder] | None = None  # None: nothing listed (an old address, bad input)
    if not searches.in_address(request) and (not search.is_bound or search.is_valid()):
        query = search.cleaned_data["q"] if search.is_bound else ""
        holders = (
            intel_decoy.holders_all(request, query=query)
            if user.is_decoy
            else selectors.holders_for_user(user=user, query=query)
        )
    return render(
        request,
        "intel/holder_list.html",
        {
            "holders": holders,
            "search": search,
            "form": form,
            "submission": submission,
            "can_write": has_capability(user, Capability.CASES_WRITE),
        },
        status=400 if creating or search.errors else 200,
    )


def _holder_save(request: HttpRequest, user: User, data: dict[str, Any]) -> Holder:
    """A new holder; a decoy's is checked as a real one and kept in its session only."""
    names, aliases = lines(data["names"]), lines(data["aliases"])
    if user.is_decoy:
        return intel_decoy.holder_record(
            request,
            actor=user,
            names=names,
            aliases=aliases,
            places=data["places"],
            notes=data["notes"],
            field="place",
        )
    return services.holder_create(
        actor=user,
        names=names,
        aliases=aliases,
        places=[selectors.place_resolve(user=user, place_id=p) for p in data["places"]],
        notes=data["notes"],
    )


@access(capability=READ)
@require_http_methods(["GET"])
def holder_detail(request: HttpRequest, holder_id: str) -> HttpResponse:
    """A holder's page; a decoy's are its pretend holders only (any other id is not found),
    naming its own linked places."""
    user = request_user(request)
    if user.is_decoy:
        pretend = intel_decoy.holder_or_404(request, holder_id)
        return render(
            request,
            "intel/holder_detail.html",
            {
                "holder": pretend,
                "places": intel_decoy.places_of_holder(request, pretend),
                "incidents": intel_decoy.incidents_linked(request, pretend),
            },
        )
    holder = selectors.holder_get_for_user(user=user, holder_id=holder_id)
    return render(
        request,
        "intel/holder_detail.html",
        {
            "holder": holder,
            "places": selectors.places_of_holder(user=user, holder=holder),
            "incidents": selectors.incidents_of_holder(user=user, holder=holder),
        },
    )


# --- incidents -----------------------------------------------------------------------------


def _incident_form(request: HttpRequest, user: User) -> IncidentForm:
    if user.is_decoy:  # its own pretend records; it sees none of the network's
        return IncidentForm(
            request.POST or None,
            places=intel_decoy.place_choices(request),
            members=intel_decoy.member_choices(request),
            holders=intel_decoy.holder_choices(request),
        )
    return IncidentForm(
        request.POST or None,
        places=selectors.place_choices(user=user),
        members=selectors.member_choices(user=user),
        holders=selectors.holder_choices(user=user),
    )


@access(capability=READ)
@require_http_methods(["GET", "POST"])
@saves_once
def incident_list(request: HttpRequest) -> HttpResponse:
    """The incidents, and the form recording one; a decoy's are its pretend ones, each
    checked as a real one and kept in its session only (the form offers its own pretend
    members, places and holders, as a real one offers those its user may see; any other id
    is unknown, as one a real user may not see)."""
    user = request_user(request)
    form = _incident_form(request, user)
    submission = submission_token(request)
    if (earlier := already_saved(request, submission)) is not None:
        return earlier
    if request.method == "POST" and form.is_valid():
        incident = call_service(
            request,
            form,
            lambda: _incident_save(request, user, form.cleaned_data),
            done=_("Saved."),
        )
        if incident is not None:
            return remember(
                request, submission, reverse("intel:incident_detail", args=[incident.pk])
            )
    if user.is_decoy:
        incidents = intel_decoy.incidents_all(request)
        place_names = intel_decoy.incident_names(incidents)  # its own places, all shown
    else:
        incidents = selectors.incidents_for_user(user=user)
        place_names = selectors.incident_names_shown(
            user=user, incidents=incidents, places_only=True
        )
    return render(
        request,
        "intel/incident_list.html",
        {
            "incidents": incidents,
            "place_names": place_names,
            "form": form,
            "submission": submission,
            "can_write": has_capability(user, Capability.CASES_WRITE),
        },
        status=400 if request.method == "POST" else 200,
    )


def _incident_save(request: HttpRequest, user: User, data: dict[str, Any]) -> Incident:
    values: dict[str, Any] = {
        "kind": data["kind"],
        "occurred_on": data["occurred_on"],
        "latitude": data["latitude"],
        "longitude": data["longitude"],
        "description": data["description"],
        "phone_numbers": lines(data["phone_numbers"]),
    }
    if user.is_decoy:
        return intel_decoy.incident_record(
            request,
            actor=user,
            place=data["place"],
            members=data["members"],
            holders=data["holders"],
            places=data["places"],
            **values,
        )
    return services.incident_create(
        actor=user,
        place=selectors.place_resolve(user=user, place_id=data["place"]) if data["place"] else None,
        members=[selectors.member_resolve(user=user, member_id=m) for m in data["members"]],
        holders=[selectors.holder_resolve(user=user, holder_id=h) for h in data["holders"]],
        places=[selectors.place_resolve(user=user, place_id=p) for p in data["places"]],
        **values,
    )


@access(capability=READ)
@require_http_methods(["GET"])
def incident_detail(request: HttpRequest, incident_id: str) -> HttpResponse:
    user = request_user(request)
    if user.is_decoy:  # its pretend incidents only; any other id is not found
        pretend = intel_decoy.incident(request, incident_id)
        if pretend is None:
            raise Http404
        members, holders, _places = intel_decoy.incident_links(pretend)
        context: dict[str, Any] = {
            "incident": pretend,
            "names": intel_decoy.incident_names([pretend]),  # its own records, all shown
            "members": members,
            "holders": holders,
            "person_count": len(pretend.pretend_persons),  # type: ignore[attr-defined]
        }
        return render(request, "intel/incident_detail.html", context)
    incident = selectors.incident_get_for_user(user=user, incident_id=incident_id)
    names = selectors.incident_names_shown(user=user, incidents=[incident])
    context = {
        "incident": incident,
        "names": names,
        "members": incident.members.all(),
        "holders": incident.holders.all(),
        "person_count": incident.persons.count(),
    }
    return render(request, "intel/incident_detail.html", context)


# --- a person's location reports -----------------------------------------------------------


def _contact_choices(contacts: list[Contact]) -> list[tuple[str, str]]:
    return [
        (str(c.pk), f"{c.occurred_at:%Y-%m-%d %H:%M} — {c.get_channel_display()}") for c in contacts
    ]


@access(capability=READ)
@require_http_methods(["GET", "POST"])
@saves_once
def person_location_reports(request: HttpRequest, person_id: str) -> HttpResponse:
    user = request_user(request)
    submission = submission_token(request)
    if (earlier := already_saved(request, submission)) is not None:
        return earlier
    if user.is_decoy:
        return _pretend_location_reports(request, user, person_id, submission)
    person = selectors.person_get_for_user(user=user, person_id=person_id)
    reports = selectors.location_reports_for_person(user=user, person=person)
    form = LocationReportForm(
        request.POST or None,
        members=selectors.member_choices(user=user),
        contacts=_contact_choices(list(person.contacts.all())),
        places=selectors.place_choices(user=user),
        holders=selectors.holder_choices(user=user),
        reports=[(str(r.pk), f"{r.reported_at:%Y-%m-%d} {r.grade}") for r in reports],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            request,
            form,
            lambda: services.location_report_create(
                actor=user,
                person=person,
                source_member=selectors.member_resolve(user=user, member_id=data["source_member"])
                if data["source_member"]
                else None,
                source_contact=selectors.contact_resolve(
                    user=user, person=person, contact_id=data["source_contact"]
                )
                if data["source_contact"]
                else None,
                place=selectors.place_resolve(user=user, place_id=data["place"])
                if data["place"]
                else None,
                place_text=data["place_text"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                holder=selectors.holder_resolve(user=user, holder_id=data["holder"])
                if data["holder"]
                else None,
                held_since=data["held_since"],
                children_count=data["children_count"],
                source_reliability=data["source_reliability"],
                info_credibility=data["info_credibility"],
                corroborated_by=selectors.location_report_resolve(
                    user=user, report_id=data["corroborated_by"]
                )
                if data["corroborated_by"]
                else None,
                notes=data["notes"],
            ),
            done=_("Saved."),
        )
        if saved is not None:
            return _report_saved(request, submission, person.pk)
    return render(
        request,
        "intel/person_location_reports.html",
        {
            "person": person,
            "location_reports": reports,
            "report_names": selectors.location_report_names_shown(user=user, reports=reports),
            "form": form,
            "submission": submission,
            "can_write": _can(user, Capability.CASES_WRITE),
        },
        status=400 if request.method == "POST" else 200,
    )


def _report_saved(request: HttpRequest, submission: str, person_id: Any) -> HttpResponse:
    """Her location reports, noted as what this form saved (it adds nothing sent again)."""
    address = reverse("intel:person_location_reports", args=[person_id])
    return remember(request, submission, address)


def _pretend_location_reports(
    request: HttpRequest, user: User, person_id: str, submission: str
) -> HttpResponse:
    """:func:`person_location_reports` for a decoy: on its pretend person only (any other id
    is not found, as it sees no record). Her reports are its pretend ones; a new one is
    checked as a real one and kept in its session only. The form offers its own pretend
    members, places and holders, as a real one offers those its user may see; any other id
    is unknown, as one a real user may not see."""
    person = tracing_decoy.person(request, person_id)
    if person is None:
        raise Http404
    reports = intel_decoy.reports_for_person(request, person)
    contacts = tracing_decoy.contacts(request, person.pk)
    form = LocationReportForm(
        request.POST or None,
        members=intel_decoy.member_choices(request),
        contacts=_contact_choices(contacts),
        places=intel_decoy.place_choices(request),
        holders=intel_decoy.holder_choices(request),
        reports=[(str(r.pk), f"{r.reported_at:%Y-%m-%d} {r.grade}") for r in reports],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def pretend() -> LocationReport:
            return intel_decoy.report_record(
                request,
                actor=user,
                person=person,
                source_member=data["source_member"],
                source_contact=data["source_contact"],
                place=data["place"],
                holder=data["holder"],
                corroborated_by=data["corroborated_by"],
                place_text=data["place_text"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                held_since=data["held_since"],
                children_count=data["children_count"],
                source_reliability=data["source_reliability"],
                info_credibility=data["info_credibility"],
                notes=data["notes"],
            )

        if call_service(request, form, pretend, done=_("Saved.")) is not None:
            return _report_saved(request, submission, person.pk)
    return render(
        request,
        "intel/person_location_reports.html",
        {
            "person": person,
            "location_reports": reports,
            # Its reports name its own members and holders only: every one is shown.
            "report_names": selectors.linked_ids_all(reports=reports),
            "form": form,
            "submission": submission,
            "can_write": has_capability(user, Capability.CASES_WRITE),
        },
        status=400 if request.method == "POST" else 200,
    )
