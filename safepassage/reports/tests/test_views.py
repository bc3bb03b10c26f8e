"""Statistics pages and exports: who sees them, what they count, what they withhold."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from safepassage.accounts.models import Role, User
from safepassage.audit.models import AuditEvent
from safepassage.tracing.models import Person, PersonStatus, Report, StatusChange

pytestmark = pytest.mark.django_db


def _person(status: str, *, reported: datetime.date, steps: dict[str, datetime.datetime]) -> Person:
    person = Person.objects.create(given_names=["Nadia Murad Basee"], status=status)
    Report.objects.create(person=person, reporter_name="Her brother", reported_on=reported)
    previous: str = PersonStatus.MISSING
    for to_status, at in steps.items():
        change = StatusChange.objects.create(
            person=person, from_status=previous, to_status=to_status
        )
        StatusChange.objects.filter(pk=change.pk).update(changed_at=at)
        previous = to_status
    return person


@pytest.fixture
def population() -> list[Person]:
    now = timezone.now()
    people = []
    for i in range(7):
        people.append(
            _person(
                PersonStatus.REUNITED,
                reported=(now - datetime.timedelta(days=40)).date(),
                steps={
                    "arrived": now - datetime.timedelta(days=30 - i),
                    "reunited": now - datetime.timedelta(days=28 - i),
                },
            )
        )
    for _ in range(3):
        people.append(_person(PersonStatus.MISSING, reported=now.date(), steps={}))
    return people


ALLOWED = {Role.COORDINATOR, Role.CASEWORKER, Role.ANALYST}


@pytest.mark.parametrize("role", Role.values)
def test_statistics_by_role(role: str, client_for: Callable[[str], Client]) -> None:
    client = client_for(role)
    for path in ("/reports/", "/reports/export.csv", "/reports/export.pdf"):
        expected = 200 if role in ALLOWED else 404
        assert client.get(path).status_code == expected, (role, path)


def test_dashboard_counts_and_charts_without_names(
    population: list[Person], client_for: Callable[[str], Client]
) -> None:
    page = client_for(Role.ANALYST).get("/reports/").content.decode()
    assert "Nadia" not in page and "Her brother" not in page
    assert page.count("<svg") == 2
    assert "<strong>10</strong>" in page  # persons recorded
    # Report to rescue: 40 - (30 - i) days for i in 0..6 → median 13.
    assert "Median days from report to rescue: <strong>13</strong>" in page


def test_csv_export_has_hxl_and_no_small_cell(
    population: list[Person], client_for: Callable[[str], Client], users: dict[str, User]
) -> None:
    response = client_for(Role.COORDINATOR).get("/reports/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "month" and rows[1][0] == "#date+month"
    assert all(tag.startswith("#") for tag in rows[1])
    numbers = [int(v) for row in rows[2:] for v in row[1:] if v != ""]
    assert numbers and all(v == 0 or v >= 5 for v in numbers)
    # The three people reported this month are a small cell: withheld, not published.
    this_month = timezone.localdate().strftime("%Y-%m")
    current = next(row for row in rows if row[0] == this_month)
    assert current[1] == ""
    assert AuditEvent.objects.filter(
        action="export", actor_id=str(users[Role.COORDINATOR].pk)
    ).exists()


def test_csv_export_counts_each_woman_once_per_stage(
    population: list[Person], client_for: Callable[[str], Client]
) -> None:
    """A month's row has one figure a stage and no sum over the stages: the seven women
    reported, rescued and reunited would count three times each in it, under a tag that says
    people affected. Each stage's total over the months is published."""
    response = client_for(Role.COORDINATOR).get("/reports/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["month", "reported", "located", "rescued", "reunited"]
    assert rows[1] == [
        "#date+month",
        "#affected+abducted+reported",
        "#affected+abducted+located",
        "#affected+abducted+rescued",
        "#affected+abducted+reunited",
    ]
    assert all(len(row) == 5 for row in rows)
    assert rows[-1] == ["total", "10", "0", "7", "7"]


def test_pdf_export_is_a_pdf(population: list[Person], client_for: Callable[[str], Client]) -> None:
    response = client_for(Role.ANALYST).get("/reports/export.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 800


def test_open_operations_are_counted(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    from safepassage.operations.tests.factories import plan_operation

    plan_operation(users[Role.COORDINATOR], users[Role.FIELD])
    page = client_for(Role.COORDINATOR).get("/reports/").content.decode()
    assert "Open operations: <strong>1</strong>" in page
    # One operation under way is not for those who see no record of it.
    for role in (Role.ANALYST, Role.CASEWORKER):
        page = client_for(role).get("/reports/").content.decode()
        assert "Open operations: <strong>withheld</strong>" in page, role


def test_small_counts_are_withheld_from_those_who_do_not_see_every_record(
    population: list[Person], client_for: Callable[[str], Client]
) -> None:
    exact = client_for(Role.COORDINATOR).get("/reports/").content.decode()
    assert "<td>Missing</td><td>3</td>" in exact and 'id="withheld"' not in exact
    for role in (Role.ANALYST, Role.CASEWORKER):
        page = client_for(role).get("/reports/").content.decode()
        assert 'id="withheld"' in page
        # Three missing is withheld, and a second cell with it, so that the total of ten,
        # shown, does not give it back; seven reunited is shown.
        by_status = page[page.index("Persons by status") : page.index("Per month")]
        assert "<td>Missing</td><td>withheld</td>" in by_status
        assert by_status.count("<td>withheld</td>") == 2
        # Per month: the three reported this month are withheld, the seven of last month not.
        assert "<td>3</td>" not in page and "<td>7</td>" in page
        assert "<td>Reunited</td><td>7</td>" in page and "<strong>10</strong>" in page
        # The charts draw no bar for it and no figure.
        assert "Missing: 3" not in page and ">3</text>" not in page
        assert "Missing: –" in page


def test_a_median_over_fewer_than_five_women_is_withheld(
    client_for: Callable[[str], Client],
) -> None:
    now = timezone.now()
    for days_ago in (10, 9, 9, 8):  # rescued 10, 11, 11 and 12 days after the report
        _person(
            PersonStatus.ARRIVED,
            reported=(now - datetime.timedelta(days=20)).date(),
            steps={"arrived": now - datetime.timedelta(days=days_ago)},
        )
    exact = client_for(Role.COORDINATOR).get("/reports/").content.decode()
    assert "Median days from report to rescue: <strong>11</strong>" in exact
    page = client_for(Role.ANALYST).get("/reports/").content.decode()
    assert "Median days from report to rescue: <strong>withheld</strong>" in page
    assert "<strong>11</strong>" not in page
