"""Every role × every record address × a record inside and outside the user's need-to-know.

The demo network gives one real record for each kind of address (a person, her consent, an
operation, a safe house...). Each role opens every address twice: once with nothing shared
with the user ("outside"), once with every record shared and the field member put on the
operation's team ("inside"). Each cell is the answer to a GET and to an empty POST (rolled
back, so no cell changes what the next one sees), written out by hand below: a change in who
may see or do what must change this table on purpose.

On top of the table, one rule that needs no table: for a record outside the user's
need-to-know, every answer is the answer the same address gives for a random id, so nobody
can even learn that the record exists.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import pytest
from django.db import models, transaction
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import grant_create
from safepassage.aftercare import models as aftercare
from safepassage.aftercare.models import Arrival, Consent, FamilyMember, Referral
from safepassage.instance.demo import demo_load
from safepassage.intel.models import Holder, Incident, LocationReport, Member, Place
from safepassage.operations.models import Alert, Operation
from safepassage.tests.test_access_matrix import ROLES, ROUTES
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import DuplicateCandidate, Merge, Person
from safepassage.tracing.services import ReportDetails, intake_submit, persons_merge
from safepassage.verification.models import RescueRequest

RECORD_ROUTES = [route for route, _ in ROUTES if "<uuid:" in route]
WORDS = {"step": "notify", "kind": "member", "action": "approve", "section": "team"}
WORDS |= {"decision": "dismiss"}

# For each address: the answers (GET/POST) outside and inside need-to-know, for the roles
#  coordinator, caseworker, liaison, field, analyst, auditor, administrator
# 405 for a POST-only address is what any id gets, real or not; 415 is a POST without JSON;
# 422 a form sent empty; 400 an action refused for the record's state.
EXPECTED: dict[str, tuple[str, str]] = {
    "accounts/users/<uuid:user_id>/lock/": (
        "404/404 404/404 404/404 404/404 404/404 404/404 405/302",
        "404/404 404/404 404/404 404/404 404/404 404/404 405/302",
    ),
    "aftercare/consents/<uuid:consent_id>/withdraw/": (
        "405/302 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/302 405/302 405/302 404/404 404/404 404/404 404/404",
    ),
    "aftercare/family/<uuid:member_id>/<str:step>/": (
        "405/302 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/302 405/302 405/302 404/404 404/404 404/404 404/404",
    ),
    "aftercare/persons/<uuid:person_id>/": (
        "200/405 404/405 404/405 404/404 404/404 404/404 404/404",
        "200/405 200/405 200/405 404/404 404/404 404/404 404/404",
    ),
    "aftercare/persons/<uuid:person_id>/consents/": (
        "405/302 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/302 405/302 405/302 404/404 404/404 404/404 404/404",
    ),
    "aftercare/persons/<uuid:person_id>/family/": (
        "405/302 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/302 405/302 405/302 404/404 404/404 404/404 404/404",
    ),
    "aftercare/persons/<uuid:person_id>/referrals/": (
        "405/302 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/302 405/302 405/302 404/404 404/404 404/404 404/404",
    ),
    "aftercare/persons/<uuid:person_id>/testimony/": (
        "200/422 404/404 404/404 404/404 404/404 404/404 404/404",
        "200/422 200/422 200/422 404/404 404/404 404/404 404/404",
    ),
    "aftercare/referrals/<uuid:referral_id>/": (
        "405/302 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/302 405/302 405/302 404/404 404/404 404/404 404/404",
    ),
    "aftercare/testimony/<uuid:testimony_id>/": (
        "404/405 404/405 404/405 404/404 404/404 404/404 404/404",
        "404/405 404/405 404/405 404/404 404/404 404/404 404/404",
    ),
    "aftercare/testimony/<uuid:testimony_id>/readers/": (
        "405/404 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/404 405/404 405/404 404/404 404/404 404/404 404/404",
    ),
    "alerts/<uuid:alert_id>/acknowledge/": (
        "405/302 404/404 404/404 404/404 404/404 404/404 404/404",
        "405/302 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "api/aftercare/consents/<uuid:consent_id>/withdraw/": (
        "405/415 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/415 405/415 405/415 404/404 404/404 404/404 404/404",
    ),
    "api/aftercare/family/<uuid:member_id>/<str:step>/": (
        "405/415 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/415 405/415 405/415 404/404 404/404 404/404 404/404",
    ),
    "api/aftercare/persons/<uuid:person_id>/": (
        "200/405 404/405 404/405 404/404 404/404 404/404 404/404",
        "200/405 200/405 200/405 404/404 404/404 404/404 404/404",
    ),
    "api/aftercare/persons/<uuid:person_id>/consents/": (
        "405/415 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/415 405/415 405/415 404/404 404/404 404/404 404/404",
    ),
    "api/aftercare/persons/<uuid:person_id>/family/": (
        "405/415 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/415 405/415 405/415 404/404 404/404 404/404 404/404",
    ),
    "api/aftercare/persons/<uuid:person_id>/referrals/": (
        "405/415 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/415 405/415 405/415 404/404 404/404 404/404 404/404",
    ),
    "api/aftercare/persons/<uuid:person_id>/testimony/": (
        "405/415 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/415 405/415 405/415 404/404 404/404 404/404 404/404",
    ),
    "api/aftercare/referrals/<uuid:referral_id>/": (
        "200/405 404/405 404/405 404/404 404/404 404/404 404/404",
        "200/405 200/405 200/405 404/404 404/404 404/404 404/404",
    ),
    "api/aftercare/testimony/<uuid:testimony_id>/": (
        "404/405 404/405 404/405 404/404 404/404 404/404 404/404",
        "404/405 404/405 404/405 404/404 404/404 404/404 404/404",
    ),
    "api/aftercare/testimony/<uuid:testimony_id>/readers/": (
        "405/404 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/404 405/404 405/404 404/404 404/404 404/404 404/404",
    ),
    "api/alerts/<uuid:alert_id>/acknowledge/": (
        "405/415 404/404 404/404 404/404 404/404 404/404 404/404",
        "405/415 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "api/compromise/<str:kind>/<uuid:subject_id>/": (
        "200/405 404/404 404/404 404/404 404/404 404/404 404/404",
        "200/405 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "api/duplicates/<uuid:candidate_id>/dismiss/": (
        "405/200 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/200 405/200 405/200 404/404 404/404 404/404 404/404",
    ),
    "api/duplicates/<uuid:candidate_id>/merge/": (
        "405/415 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/415 405/415 405/415 404/404 404/404 404/404 404/404",
    ),
    "api/field/operations/<uuid:operation_id>/": (
        "404/405 404/404 404/404 404/405 404/404 404/404 404/404",
        "404/405 404/404 404/404 200/405 404/404 404/404 404/404",
    ),
    "api/field/operations/<uuid:operation_id>/check-in/": (
        "405/404 404/404 404/404 405/404 404/404 404/404 404/404",
        "405/404 404/404 404/404 405/415 404/404 404/404 404/404",
    ),
    "api/intel/holders/<uuid:holder_id>/": (
        "200/405 404/405 404/405 404/404 404/404 404/404 404/404",
        "200/405 200/405 200/405 404/404 404/404 404/404 404/404",
    ),
    "api/intel/incidents/<uuid:incident_id>/": (
        "200/405 404/405 404/405 404/404 404/404 404/404 404/404",
        "200/405 200/405 200/405 404/404 404/404 404/404 404/404",
    ),
    "api/intel/location-reports/<uuid:report_id>/": (
        "200/405 404/405 404/405 404/404 404/404 404/404 404/404",
        "200/405 200/405 200/405 404/404 404/404 404/404 404/404",
    ),
    "api/intel/members/<uuid:member_id>/": (
        "200/405 404/405 404/405 404/404 404/404 404/404 404/404",
        "200/405 200/405 200/405 404/404 404/404 404/404 404/404",
    ),
    "api/intel/members/<uuid:member_id>/status/": (
        "405/415 404/404 404/404 404/404 404/404 404/404 404/404",
        "405/415 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "api/intel/places/<uuid:place_id>/": (
        "200/405 404/405 404/405 404/404 404/404 404/404 404/404",
        "200/405 200/405 200/405 404/404 404/404 404/404 404/404",
    ),
    "api/merges/<uuid:merge_id>/undo/": (
        "405/200 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/200 405/200 405/200 404/404 404/404 404/404 404/404",
    ),
    "api/operations/<uuid:operation_id>/": (
        "200/405 404/404 404/404 404/404 404/404 404/404 404/404",
        "200/405 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "api/operations/<uuid:operation_id>/approve/": (
        "405/400 404/404 404/404 404/404 404/404 404/404 404/404",
        "405/400 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "api/operations/<uuid:operation_id>/check-ins/": (
        "200/415 404/404 404/404 404/404 404/404 404/404 404/404",
        "200/415 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "api/operations/<uuid:operation_id>/end/": (
        "405/415 404/404 404/404 404/404 404/404 404/404 404/404",
        "405/415 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "api/operations/<uuid:operation_id>/persons/": (
        "405/415 404/404 404/404 404/404 404/404 404/404 404/404",
        "405/415 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "api/operations/<uuid:operation_id>/reopen/": (
        "405/400 404/404 404/404 404/404 404/404 404/404 404/404",
        "405/400 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "api/operations/<uuid:operation_id>/start/": (
        "405/400 404/404 404/404 404/404 404/404 404/404 404/404",
        "405/400 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "api/operations/<uuid:operation_id>/supplies/": (
        "405/415 404/404 404/404 404/404 404/404 404/404 404/404",
        "405/415 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "api/operations/<uuid:operation_id>/team/": (
        "405/415 404/404 404/404 404/404 404/404 404/404 404/404",
        "405/415 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "api/operations/<uuid:operation_id>/waypoints/": (
        "405/415 404/404 404/404 404/404 404/404 404/404 404/404",
        "405/415 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "api/persons/<uuid:person_id>/": (
        "200/405 404/405 404/405 404/404 404/404 404/404 404/404",
        "200/405 200/405 200/405 404/404 404/404 404/404 404/404",
    ),
    "api/persons/<uuid:person_id>/contacts/": (
        "405/415 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/415 405/415 405/415 404/404 404/404 404/404 404/404",
    ),
    "api/persons/<uuid:person_id>/links/": (
        "200/415 404/404 404/404 404/404 404/404 404/404 404/404",
        "200/415 200/415 200/415 404/404 404/404 404/404 404/404",
    ),
    "api/persons/<uuid:person_id>/links/remove/": (
        "405/415 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/415 405/415 405/415 404/404 404/404 404/404 404/404",
    ),
    "api/persons/<uuid:person_id>/questions/": (
        "405/415 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/415 405/415 405/415 404/404 404/404 404/404 404/404",
    ),
    "api/persons/<uuid:person_id>/reports/": (
        "405/415 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/415 405/415 405/415 404/404 404/404 404/404 404/404",
    ),
    "api/persons/<uuid:person_id>/status/": (
        "405/415 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/415 405/415 405/415 404/404 404/404 404/404 404/404",
    ),
    "api/persons/<uuid:person_id>/words/": (
        "405/415 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/415 405/415 405/415 404/404 404/404 404/404 404/404",
    ),
    "api/verification/requests/<uuid:request_id>/": (
        "200/405 404/405 404/405 404/404 404/404 404/404 404/404",
        "200/405 200/405 200/405 404/404 404/404 404/404 404/404",
    ),
    "api/verification/requests/<uuid:request_id>/approve/": (
        "405/415 404/404 404/404 404/404 404/404 404/404 404/404",
        "405/415 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "api/verification/requests/<uuid:request_id>/recompute/": (
        "405/200 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/200 405/200 405/200 404/404 404/404 404/404 404/404",
    ),
    "field/<uuid:operation_id>/": (
        "404/404 404/404 404/404 404/404 404/404 404/404 404/404",
        "404/404 404/404 404/404 200/422 404/404 404/404 404/404",
    ),
    "field/<uuid:operation_id>/checked-in/": (
        "404/405 404/404 404/404 404/405 404/404 404/404 404/404",
        "404/405 404/404 404/404 200/405 404/404 404/404 404/404",
    ),
    "field/<uuid:operation_id>/photo/<uuid:person_id>/": (
        "404/405 404/404 404/404 404/405 404/404 404/404 404/404",
        "404/405 404/404 404/404 404/405 404/404 404/404 404/404",
    ),
    "intel/holders/<uuid:holder_id>/": (
        "200/405 404/405 404/405 404/404 404/404 404/404 404/404",
        "200/405 200/405 200/405 404/404 404/404 404/404 404/404",
    ),
    "intel/incidents/<uuid:incident_id>/": (
        "200/405 404/405 404/405 404/404 404/404 404/404 404/404",
        "200/405 200/405 200/405 404/404 404/404 404/404 404/404",
    ),
    "intel/members/<uuid:member_id>/": (
        "200/400 404/404 404/404 404/404 404/404 404/404 404/404",
        "200/400 200/400 200/400 404/404 404/404 404/404 404/404",
    ),
    "intel/persons/<uuid:person_id>/location-reports/": (
        "200/400 404/404 404/404 404/404 404/404 404/404 404/404",
        "200/400 200/400 200/400 404/404 404/404 404/404 404/404",
    ),
    "intel/places/<uuid:place_id>/": (
        "200/400 404/404 404/404 404/404 404/404 404/404 404/404",
        "200/400 200/400 200/400 404/404 404/404 404/404 404/404",
    ),
    "operations/<uuid:operation_id>/": (
        "200/405 404/404 404/404 404/404 404/404 404/404 404/404",
        "200/405 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "operations/<uuid:operation_id>/<str:action>/": (
        "405/302 404/404 404/404 404/404 404/404 404/404 404/404",
        "405/302 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "operations/<uuid:operation_id>/plan/<str:section>/": (
        "405/302 404/404 404/404 404/404 404/404 404/404 404/404",
        "405/302 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "operations/compromise/<str:kind>/<uuid:subject_id>/": (
        "200/405 404/404 404/404 404/404 404/404 404/404 404/404",
        "200/405 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "persons/<uuid:person_id>/": (
        "200/405 404/405 404/405 404/404 404/404 404/404 404/404",
        "200/405 200/405 200/405 404/404 404/404 404/404 404/404",
    ),
    "persons/<uuid:person_id>/contacts/new/": (
        "200/422 404/404 404/404 404/404 404/404 404/404 404/404",
        "200/422 200/422 200/422 404/404 404/404 404/404 404/404",
    ),
    "persons/<uuid:person_id>/edit/": (
        "200/422 404/404 404/404 404/404 404/404 404/404 404/404",
        "200/422 200/422 200/422 404/404 404/404 404/404 404/404",
    ),
    "persons/<uuid:person_id>/links/": (
        "200/302 404/404 404/404 404/404 404/404 404/404 404/404",
        "200/302 200/302 200/302 404/404 404/404 404/404 404/404",
    ),
    "persons/<uuid:person_id>/links/remove/": (
        "405/302 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/302 405/302 405/302 404/404 404/404 404/404 404/404",
    ),
    "persons/<uuid:person_id>/photo/": (
        "404/405 404/405 404/405 404/404 404/404 404/404 404/404",
        "404/405 404/405 404/405 404/404 404/404 404/404 404/404",
    ),
    "persons/<uuid:person_id>/photo/upload/": (
        "405/302 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/302 405/302 405/302 404/404 404/404 404/404 404/404",
    ),
    "persons/<uuid:person_id>/questions/": (
        "405/302 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/302 405/302 405/302 404/404 404/404 404/404 404/404",
    ),
    "persons/<uuid:person_id>/status/": (
        "405/302 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/302 405/302 405/302 404/404 404/404 404/404 404/404",
    ),
    "persons/<uuid:person_id>/words/": (
        "405/302 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/302 405/302 405/302 404/404 404/404 404/404 404/404",
    ),
    "persons/duplicates/<uuid:candidate_id>/<str:decision>/": (
        "405/302 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/302 405/302 405/302 404/404 404/404 404/404 404/404",
    ),
    "persons/merges/<uuid:merge_id>/undo/": (
        "405/302 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/302 405/302 405/302 404/404 404/404 404/404 404/404",
    ),
    "verification/persons/<uuid:person_id>/request/": (
        "200/400 404/404 404/404 404/404 404/404 404/404 404/404",
        "200/400 200/400 200/400 404/404 404/404 404/404 404/404",
    ),
    "verification/requests/<uuid:request_id>/": (
        "200/405 404/405 404/405 404/404 404/404 404/404 404/404",
        "200/405 200/405 200/405 404/404 404/404 404/404 404/404",
    ),
    "verification/requests/<uuid:request_id>/approve/": (
        "405/400 404/404 404/404 404/404 404/404 404/404 404/404",
        "405/400 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "verification/requests/<uuid:request_id>/close/": (
        "405/400 404/404 404/404 404/404 404/404 404/404 404/404",
        "405/400 404/404 404/404 404/404 404/404 404/404 404/404",
    ),
    "verification/requests/<uuid:request_id>/recompute/": (
        "405/302 405/404 405/404 404/404 404/404 404/404 404/404",
        "405/302 405/302 405/302 404/404 404/404 404/404 404/404",
    ),
}


def _first(model: type[models.Model], **filters: object) -> models.Model:
    found = model._default_manager.filter(**filters).order_by("created_at").first()
    assert found is not None, f"the demo network has no {model.__name__}"
    return found


def _records() -> dict[str, models.Model]:
    """One real record for each kind of id in an address (loads the demo network first)."""
    demo_load()
    falcon = User.objects.get(username="falcon")

    def new_person(name: str) -> Person:
        details = PersonDetails(given_names=(name,), family_names=("Matrix",), sex="f")
        report = ReportDetails(reporter_name="A cousin (test)", relationship="cousin")
        return intake_submit(actor=falcon, details=details, report=report).person

    merge = persons_merge(actor=falcon, survivor=new_person("Zîn"), merged=new_person("Zin"))
    person = Person.objects.get(pk=Arrival.objects.get().person_id)
    kite = Member.objects.get(codename="kite")
    return {
        "user_id": User.objects.get(username="olive"),
        "person_id": person,
        "consent_id": Consent.objects.get(person=person, purpose="care"),
        "family/member_id": FamilyMember.objects.get(),
        "referral_id": Referral.objects.get(person=person, kind="medical"),
        "testimony_id": aftercare.Testimony.objects.get(),
        "alert_id": _first(Alert),
        "candidate_id": _first(DuplicateCandidate),
        "merge_id": merge,
        "operation_id": Operation.objects.get(status="underway"),
        "member_id": kite,
        "subject_id": kite,
        "holder_id": _first(Holder),
        "incident_id": _first(Incident),
        "report_id": _first(LocationReport),
        "place_id": _first(Place, kind="safe_house"),
        "request_id": _first(RescueRequest),
    }


def _share_everything(users: dict[str, User]) -> None:
    """Inside need-to-know: every record shared with every user, the field member on the team."""
    kinds = [Person, Consent, FamilyMember, Referral, aftercare.Testimony, Alert]
    kinds += [DuplicateCandidate]
    kinds += [Merge, Operation, Member, Holder, Incident, LocationReport, Place, RescueRequest]
    others = [user for role, user in users.items() if role != Role.COORDINATOR]
    for kind in kinds:
        for obj in kind._default_manager.all():
            for user in others:
                grant_create(actor=None, user=user, obj=obj)
    Member.objects.filter(user__username="sparrow").update(user=users[Role.FIELD])


def _url(route: str, records: dict[str, models.Model] | None) -> str:
    def fill(match: re.Match[str]) -> str:
        kind, name = match.groups()
        if kind == "str":
            return WORDS[name]
        if records is None:
            return str(uuid.uuid4())
        key = "family/member_id" if name == "member_id" and "family" in route else name
        return str(records[key].pk)

    return "/" + re.sub(r"<(uuid|str):(\w+)>", fill, route)


def _answer(client: Client, url: str) -> str:
    get = client.get(url).status_code
    with transaction.atomic():
        post = client.post(url).status_code
        transaction.set_rollback(True)
    return f"{get}/{post}"


def test_table_lists_every_record_address() -> None:
    assert set(EXPECTED) == set(RECORD_ROUTES)


@pytest.mark.django_db
@pytest.mark.parametrize("inside", [False, True], ids=["outside", "inside"])
@pytest.mark.parametrize("role", ROLES)
def test_answers_per_role_and_record(
    role: str, inside: bool, users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    records = _records()
    if inside:
        _share_everything(users)
    client = client_for(role)
    column = ROLES.index(Role(role))
    got = {route: _answer(client, _url(route, records)) for route in RECORD_ROUTES}
    expected = {route: EXPECTED[route][inside].split()[column] for route in RECORD_ROUTES}
    assert got == expected
    if not inside and role != Role.COORDINATOR:
        # Accounts are not case records: the administrator manages every one of them.
        case_routes = [route for route in RECORD_ROUTES if "<uuid:user_id>" not in route]
        got = {route: got[route] for route in case_routes}
        random_id = {route: _answer(client, _url(route, None)) for route in case_routes}
        assert got == random_id, "a record outside need-to-know answers unlike a random id"
