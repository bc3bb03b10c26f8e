"""A new proof-of-life contact, logged through tracing, re-runs the trap check at once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from safepassage.accounts.models import Role, User
from safepassage.tracing.services.contacts import ContactDetails, contact_create
from safepassage.verification.selectors import assessment_current
from safepassage.verification.tests.factories import make_person, make_request

pytestmark = pytest.mark.django_db


def test_logging_a_contact_reassesses_open_requests(users: dict[str, User]) -> None:
    coordinator = users[Role.COORDINATOR]
    person = make_person()
    request = make_request(coordinator, person)
    before = assessment_current(request)
    assert before is not None and "lure_phrases" not in before.factor_codes

    contact_create(
        actor=coordinator,
        person=person,
        contact=ContactDetails(
            occurred_at=timezone.now(),
            channel="phone",
            what_she_asked="Come now, he is away, come to the house.",
        ),
    )
    after = assessment_current(request)
    assert after is not None and after.pk != before.pk
    assert after.trigger == "contact"
    assert after.total >= before.total


def test_evidence_lines_are_for_coordinators_only(users: dict[str, User]) -> None:
    from safepassage.accounts.services import grant_create
    from safepassage.verification.selectors import EVIDENCE_WITHHELD, request_view
    from safepassage.verification.tests.factories import make_contact

    coordinator, caseworker = users[Role.COORDINATOR], users[Role.CASEWORKER]
    person = make_person()
    make_contact(person, auth_outcome="failed", what_she_asked="come now, he is away")
    request = make_request(coordinator, person)
    grant_create(actor=coordinator, user=caseworker, obj=person)
    full = request_view(request, user=coordinator).current
    redacted = request_view(request, user=caseworker).current
    assert full is not None and redacted is not None and full.factors
    assert [f["code"] for f in full.factors] == [f["code"] for f in redacted.factors]
    assert any(f["evidence"] != [str(EVIDENCE_WITHHELD)] for f in full.factors)
    assert all(f["evidence"] == [str(EVIDENCE_WITHHELD)] for f in redacted.factors)


def test_her_number_seen_in_another_persons_records_reassesses_her_request(
    users: dict[str, User],
) -> None:
    """Number in another person's records is a factor of her request: another woman's
    contact from that number is new evidence for her request too."""
    from safepassage.verification.tests.factories import make_contact

    coordinator = users[Role.COORDINATOR]
    person = make_person()
    contact = make_contact(person, number="+964 750 111 2222", auth_outcome="passed")
    request = make_request(coordinator, person, contacts=[contact])
    before = assessment_current(request)
    assert before is not None and "number_other_person" not in before.factor_codes

    # Another woman's contact from that number (written the national way).
    contact_create(
        actor=coordinator,
        person=make_person(given_names=["Nesrîn"]),
        contact=ContactDetails(
            occurred_at=timezone.now(), channel="phone", number_used="0750 111 2222"
        ),
    )
    after = assessment_current(request)
    assert after is not None and after.pk != before.pk
    assert "number_other_person" in after.factor_codes

    [factor] = [f for f in after.factors if f["code"] == "number_other_person"]
    assert factor["evidence"] == [{"key": "number_other_person", "params": {"count": 1}}]


@pytest.mark.parametrize("how", ["report on her record", "intake of a new person"])
def test_her_number_given_in_a_family_report_on_another_woman_reassesses_her_request(
    users: dict[str, User], how: str
) -> None:
    """A family's report on another woman giving the number her request rests on is new
    evidence for her request: it is assessed again at once, not only when an operation is
    to start."""
    from safepassage.tracing.keys import PersonDetails
    from safepassage.tracing.services import ReportDetails, intake_submit, report_create
    from safepassage.verification.tests.factories import make_contact

    coordinator = users[Role.COORDINATOR]
    person = make_person()
    contact = make_contact(person, number="+964 750 111 2222", auth_outcome="passed")
    request = make_request(coordinator, person, contacts=[contact])
    before = assessment_current(request)
    assert before is not None and "number_other_person" not in before.factor_codes

    report = ReportDetails(reporter_name="Xalid", reporter_phones=("0750 111 2222",))
    if how == "report on her record":
        report_create(actor=coordinator, person=make_person(given_names=["Nesrîn"]), report=report)
    else:
        intake_submit(
            actor=coordinator, details=PersonDetails(given_names=("Nesrîn",)), report=report
        )
    after = assessment_current(request)
    assert after is not None and after.pk != before.pk
    assert after.trigger == "report"
    assert "number_other_person" in after.factor_codes


def test_a_report_without_numbers_assesses_nothing_again(users: dict[str, User]) -> None:
    from safepassage.tracing.services import ReportDetails, report_create

    coordinator = users[Role.COORDINATOR]
    person = make_person()
    request = make_request(coordinator, person)
    before = assessment_current(request)
    report_create(actor=coordinator, person=person, report=ReportDetails(reporter_name="Xalid"))
    assert assessment_current(request) == before
