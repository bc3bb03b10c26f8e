"""Aftercare services: arrival across scripts, reunification, referrals, consent, testimony."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safepassage.accounts.models import Role, User
from safepassage.accounts.permissions import ActionRefused
from safepassage.accounts.services import grant_create
from safepassage.aftercare import selectors, services
from safepassage.aftercare.models import (
    Arrival,
    Consent,
    ConsentPurpose,
    FamilyMember,
    FamilyStage,
    Referral,
    ReferralStatus,
)
from safepassage.aftercare.models import (
    Testimony as StoredTestimony,
)
from safepassage.aftercare.models import (
    TestimonyReader as Reader,
)
from safepassage.aftercare.tests.factories import (
    KHALIL_ARABIC,
    KHALIL_LATIN,
    OTHER,
    arrived,
    make_testimony,
    reception_point,
    reported_person,
)
from safepassage.audit.models import AuditEvent
from safepassage.conftest import make_user
from safepassage.intel import services as intel_services
from safepassage.operations import clock
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import Person, PersonStatus, StatusChange
from safepassage.tracing.services import person_set_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(users: dict[str, User]) -> User:
    return users[Role.COORDINATOR]


# --- arrival -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reported", "given"), [(KHALIL_LATIN, KHALIL_ARABIC), (KHALIL_ARABIC, KHALIL_LATIN)]
)
def test_arrival_matches_a_report_written_in_another_script(
    coordinator: User, reported: dict[str, Any], given: dict[str, Any]
) -> None:
    person = reported_person(coordinator, **reported)
    reported_person(coordinator, reporter="Dilan", **OTHER)
    found = selectors.arrival_candidates_for_user(
        user=coordinator, details=PersonDetails(**given).record()
    )
    assert [c.person.pk for c in found] == [person.pk]
    assert found[0].score > 0.9
    assert {e["field"] for e in found[0].evidence} >= {"given", "father"}


def test_recording_the_arrival_moves_status_with_a_status_change(coordinator: User) -> None:
    person = reported_person(coordinator)
    place = reception_point(coordinator)
    arrival = services.arrival_record(
        actor=coordinator,
        person=person,
        details=services.ArrivalDetails(
            arrived_on="2024-06-01",
            reception_place=place,
            received_by="Rojda",
            condition="Tired, a wound on the left foot",
            immediate_needs="Shoes, a doctor",
            children_with_her="Two boys, 4 and 6",
            names_as_given={"given_names": ["خليل"], "father_names": ["حسن"]},
            match_score=0.97,
        ),
    )
    person.refresh_from_db()
    assert person.status == PersonStatus.ARRIVED
    change = StatusChange.objects.filter(person=person).order_by("-changed_at").first()
    assert change is not None and change.to_status == PersonStatus.ARRIVED
    assert change.from_status == PersonStatus.MISSING
    assert change.changed_by == coordinator and "2024-06-01" in change.reason
    # Her own spellings now find the person too.
    assert "خليل" in person.given_names and "Xelîl" in person.given_names
    assert arrival.reception_place == place and arrival.match_score == 0.97
    assert AuditEvent.objects.filter(action="create", object_id=str(arrival.pk)).exists()


def test_arrival_of_someone_nobody_reported_creates_the_person(coordinator: User) -> None:
    arrival = services.arrival_record(
        actor=coordinator,
        person=None,
        new_person=PersonDetails(given_names=("Gulê",), sex="f"),
        details=services.ArrivalDetails(arrived_on=datetime.date(2024, 6, 1), reception_text="X"),
    )
    assert Person.objects.get(pk=arrival.person_id).status == PersonStatus.ARRIVED


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"arrived_on": "2024-02-30"}, "arrived_on"),
        ({"arrived_on": "yesterday"}, "arrived_on"),
        ({"arrived_on": None}, "arrived_on"),
        ({"arrived_on": "2999-01-01"}, "arrived_on"),
        ({"reception_text": ""}, "reception_place"),
        ({"received_by": "x" * 201}, "received_by"),
        ({"match_score": 1.5}, "match_score"),
        ({"names_as_given": {"nickname": ["x"]}}, "names_as_given"),
    ],
)
def test_bad_arrival_input_is_refused_and_writes_nothing(
    coordinator: User, fields: dict[str, Any], field: str
) -> None:
    person = reported_person(coordinator)
    events = AuditEvent.objects.count()
    values = {"arrived_on": "2024-06-01", "reception_text": "Border post", **fields}
    with pytest.raises(ValidationError) as exc:
        services.arrival_record(
            actor=coordinator, person=person, details=services.ArrivalDetails(**values)
        )
    assert field in exc.value.message_dict
    person.refresh_from_db()
    assert person.status == PersonStatus.MISSING
    assert not Arrival.objects.exists()
    assert AuditEvent.objects.count() == events


def test_arrival_at_a_place_that_is_not_a_reception_point_is_refused(coordinator: User) -> None:
    person = reported_person(coordinator)
    village = intel_services.place_create(actor=coordinator, kind="village", names=["Kocho"])
    with pytest.raises(ValidationError, match="reception point"):
        arrived(coordinator, person, reception_place=village)
    assert not Arrival.objects.exists()


def test_a_second_arrival_is_refused(coordinator: User) -> None:
    person = reported_person(coordinator)
    arrived(coordinator, person)
    with pytest.raises(ValidationError, match="already recorded"):
        arrived(coordinator, Person.objects.get(pk=person.pk))
    assert Arrival.objects.count() == 1


def _brought_out(actor: User, person: Person) -> Person:
    """What an operation's outcome does to a person it brought out: status "arrived", with
    no arrival recorded (``operations.services.operation_end``)."""
    person_set_status(
        actor=actor, person=person, status=PersonStatus.ARRIVED, reason="Brought out by Olive."
    )
    return Person.objects.get(pk=person.pk)


def test_reception_records_the_arrival_of_someone_an_operation_brought_out(
    coordinator: User,
) -> None:
    # The operation's outcome made her "arrived"; reception must still be able to record
    # how she came in, and it must not count as a second arrival or a second status change.
    person = _brought_out(coordinator, reported_person(coordinator))
    found = selectors.arrival_candidates_for_user(
        user=coordinator, details=PersonDetails(**KHALIL_ARABIC).record()
    )
    assert [c.person.pk for c in found] == [person.pk]
    arrival = arrived(coordinator, person, condition="Exhausted")
    person.refresh_from_db()
    assert person.status == PersonStatus.ARRIVED
    assert StatusChange.objects.filter(person=person, to_status=PersonStatus.ARRIVED).count() == 1
    assert Arrival.objects.get().pk == arrival.pk and arrival.condition == "Exhausted"
    # Once received, she is neither a candidate again nor can she arrive twice.
    assert (
        selectors.arrival_candidates_for_user(
            user=coordinator, details=PersonDetails(**KHALIL_ARABIC).record()
        )
        == []
    )
    with pytest.raises(ValidationError, match="already recorded"):
        arrived(coordinator, Person.objects.get(pk=person.pk))
    assert Arrival.objects.count() == 1


@pytest.mark.parametrize("status", [PersonStatus.REUNITED, PersonStatus.DECEASED])
def test_no_arrival_for_someone_reunited_or_deceased(coordinator: User, status: str) -> None:
    person = reported_person(coordinator)
    person_set_status(actor=coordinator, person=person, status=status, reason="As reported.")
    with pytest.raises(ValidationError, match="already recorded"):
        arrived(coordinator, Person.objects.get(pk=person.pk))
    assert not Arrival.objects.exists()
    assert (
        selectors.arrival_candidates_for_user(
            user=coordinator, details=PersonDetails(**KHALIL_LATIN).record()
        )
        == []
    )


def test_arrival_needs_need_to_know(users: dict[str, User], coordinator: User) -> None:
    person = reported_person(coordinator)
    with pytest.raises(ActionRefused):
        arrived(users[Role.CASEWORKER], person)
    with pytest.raises(ActionRefused):
        arrived(users[Role.ANALYST], person)
    grant_create(actor=coordinator, user=users[Role.CASEWORKER], obj=person)
    arrived(users[Role.CASEWORKER], person)


# --- reunification -------------------------------------------------------------------------


def test_reunification_flow_ends_with_status_reunited(coordinator: User) -> None:
    person = reported_person(coordinator)
    report = person.reports.get()
    arrived(coordinator, person)
    brother = services.family_member_add(
        actor=coordinator, person=person, name="Nadia", relationship="sister", report=report
    )
    uncle = services.family_member_add(actor=coordinator, person=person, name="Hesen")
    services.family_hold(actor=coordinator, member=uncle, reason="He lives in a camp under threat.")
    brother = services.family_notify(
        actor=coordinator, member=brother, how="phone", at="2024-06-02 10:00"
    )
    assert brother.stage == FamilyStage.NOTIFIED and brother.notified_by == coordinator
    assert brother.notified_at is not None
    brother = services.family_met(actor=coordinator, member=brother, on="2024-06-03")
    brother = services.family_reunite(actor=coordinator, member=brother, on="2024-06-04")
    assert brother.stage == FamilyStage.REUNITED
    person.refresh_from_db()
    assert person.status == PersonStatus.REUNITED
    path = list(
        StatusChange.objects.filter(person=person)
        .order_by("changed_at")
        .values_list("to_status", flat=True)
    )
    assert path == ["missing", "arrived", "reunited"]
    assert FamilyMember.objects.get(pk=uncle.pk).stage == FamilyStage.ON_HOLD
    # A finished step cannot be changed again.
    with pytest.raises(ValidationError, match="already reunited"):
        services.family_hold(actor=coordinator, member=brother, reason="x")


def test_reunion_before_arrival_or_notification_is_refused(coordinator: User) -> None:
    person = reported_person(coordinator)
    member = services.family_member_add(actor=coordinator, person=person, name="Nadia")
    member = services.family_notify(actor=coordinator, member=member, how="sms")
    with pytest.raises(ValidationError, match="arrival"):
        services.family_reunite(actor=coordinator, member=member, on="2024-06-04")
    arrived(coordinator, person)
    other = services.family_member_add(actor=coordinator, person=person, name="Hesen")
    with pytest.raises(ValidationError, match="notified"):
        services.family_reunite(actor=coordinator, member=other, on="2024-06-04")
    person.refresh_from_db()
    assert person.status == PersonStatus.ARRIVED


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda a, m: services.family_notify(actor=a, member=m, how="pigeon"), "how"),
        (lambda a, m: services.family_notify(actor=a, member=m, how="sms", at="31/31/2024"), "at"),
        (lambda a, m: services.family_met(actor=a, member=m, on="2024-13-01"), "met_on"),
        (lambda a, m: services.family_hold(actor=a, member=m, reason="  "), "reason"),
    ],
)
def test_bad_reunification_input(coordinator: User, call, field: str) -> None:
    person = reported_person(coordinator)
    member = services.family_member_add(actor=coordinator, person=person, name="Nadia")
    with pytest.raises(ValidationError) as exc:
        call(coordinator, member)
    assert field in exc.value.message_dict
    assert FamilyMember.objects.get(pk=member.pk).stage == FamilyStage.IDENTIFIED


def test_family_member_report_must_be_hers(coordinator: User) -> None:
    person = reported_person(coordinator)
    other = reported_person(coordinator, **OTHER)
    with pytest.raises(ValidationError, match="someone else"):
        services.family_member_add(
            actor=coordinator, person=person, name="X", report=other.reports.get()
        )


# --- referrals and follow-ups --------------------------------------------------------------


def test_referral_needs_her_consent(coordinator: User) -> None:
    person = reported_person(coordinator)
    with pytest.raises(ValidationError) as exc:
        services.referral_create(
            actor=coordinator, person=person, kind="medical", service="Clinic", she_consents=False
        )
    assert "she_consents" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.referral_create(
            actor=coordinator,
            person=person,
            kind="magic",
            service="",
            she_consents=True,
            follow_up_on="2024-02-31",
        )
    assert {"kind", "service"} <= set(exc.value.message_dict)
    assert not Referral.objects.exists()


def test_overdue_follow_ups_appear_and_done_ones_disappear(users: dict[str, User]) -> None:
    coordinator, caseworker = users[Role.COORDINATOR], users[Role.CASEWORKER]
    mine = reported_person(coordinator)
    theirs = reported_person(coordinator, **OTHER)
    grant_create(actor=coordinator, user=caseworker, obj=mine)

    def refer(person: Person, day: str) -> Referral:
        return services.referral_create(
            actor=coordinator,
            person=person,
            kind="psychosocial",
            service="Counselling centre",
            she_consents=True,
            follow_up_on=day,
        )

    # Referred in June 2024, with follow-up dates then ahead.
    with clock.frozen_at(datetime.datetime(2024, 6, 20, 12, tzinfo=datetime.UTC)):
        due = refer(mine, "2024-07-01")
        refer(mine, "2024-07-20")  # not yet due
        refer(theirs, "2024-07-01")  # not the caseworker's case
    noon = datetime.datetime(2024, 7, 10, 12, tzinfo=datetime.UTC)
    with clock.frozen_at(noon):
        assert selectors.followups_overdue_for_user(user=caseworker) == [due]
        assert selectors.followups_overdue_count(user=caseworker) == 1
        assert len(selectors.followups_overdue_for_user(user=coordinator)) == 2
        services.referral_update(actor=caseworker, referral=due, status=ReferralStatus.DONE)
        assert selectors.followups_overdue_for_user(user=caseworker) == []
    with clock.frozen_at(noon + datetime.timedelta(days=30)):
        assert len(selectors.followups_overdue_for_user(user=caseworker)) == 1
    assert selectors.followups_overdue_for_user(user=users[Role.ANALYST]) == []


def test_referral_update_changes_follow_up_and_refuses_nonsense(coordinator: User) -> None:
    person = reported_person(coordinator)
    referral = services.referral_create(
        actor=coordinator, person=person, kind="legal", service="Lawyer", she_consents=True
    )
    # Updated in July 2024, so the new follow-up date is ahead.
    with clock.frozen_at(datetime.datetime(2024, 7, 10, 12, tzinfo=datetime.UTC)):
        referral = services.referral_update(
            actor=coordinator, referral=referral, status="accepted", follow_up_on="2024-08-01"
        )
    assert referral.follow_up_on == datetime.date(2024, 8, 1)
    with pytest.raises(ValidationError):
        services.referral_update(actor=coordinator, referral=referral, status="lost")
    with pytest.raises(ValidationError):
        services.referral_update(actor=coordinator, referral=referral, follow_up_on="1 Aug")
    referral.refresh_from_db()
    assert referral.status == "accepted" and referral.follow_up_on == datetime.date(2024, 8, 1)


# --- consent -------------------------------------------------------------------------------


def test_consent_given_and_withdrawn(coordinator: User) -> None:
    person = reported_person(coordinator)
    assert not services.consent_given(person, ConsentPurpose.PHOTO)
    consent = services.consent_record(
        actor=coordinator, person=person, purpose="photo", language="ar"
    )
    assert services.consent_given(person, "photo")
    with pytest.raises(ValidationError, match="already agreed"):
        services.consent_record(actor=coordinator, person=person, purpose="photo", language="ar")
    services.consent_withdraw(actor=coordinator, consent=consent, note="She changed her mind.")
    assert not services.consent_given(person, "photo")
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.consent_withdraw(actor=coordinator, consent=consent)
    # Given again later: a new row; the history stays.
    services.consent_record(actor=coordinator, person=person, purpose="photo", language="kmr")
    assert Consent.objects.filter(person=person, purpose="photo").count() == 2
    with pytest.raises(ValueError, match="unknown consent purpose"):
        services.consent_given(person, "marketing")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"purpose": "everything"}, "purpose"),
        ({"language": "Arabic!"}, "language"),
        ({"given_at": "2999-01-01 10:00"}, "given_at"),
        ({"given_at": "not a time"}, "given_at"),
    ],
)
def test_bad_consent_input(coordinator: User, fields: dict[str, Any], field: str) -> None:
    person = reported_person(coordinator)
    values = {"purpose": "care", "language": "ar", **fields}
    with pytest.raises(ValidationError) as exc:
        services.consent_record(actor=coordinator, person=person, **values)
    assert field in exc.value.message_dict
    assert not Consent.objects.exists()


# --- testimony and export ------------------------------------------------------------------


def test_testimony_needs_consent_and_names_its_recorder(coordinator: User) -> None:
    person = reported_person(coordinator)
    holder = intel_services.holder_create(actor=coordinator, names=["Abu Hamza"])
    place = intel_services.place_create(actor=coordinator, kind="town", names=["Raqqa"])
    details = services.TestimonyDetails(
        account="He sold me in the market.",
        language="ar",
        captivity_from="2014-08-03",
        captivity_to="2016-01-10",
        perpetrators=[holder],
        places=[place],
        events=[
            {"on": "2015-03-02", "kind": "sold", "place": str(place.pk), "holder": str(holder.pk)}
        ],
    )
    with pytest.raises(ValidationError, match="consent"):
        services.testimony_record(actor=coordinator, person=person, details=details)
    services.consent_record(actor=coordinator, person=person, purpose="testimony", language="ar")
    record = services.testimony_record(actor=coordinator, person=person, details=details)
    assert list(record.perpetrators.all()) == [holder]
    assert record.events[0]["kind"] == "sold"
    assert list(record.readers.values_list("user", flat=True)) == [coordinator.pk]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"account": " "}, "account"),
        ({"captivity_from": "2014-99-01"}, "captivity_from"),
        ({"captivity_from": "2016-01-01", "captivity_to": "2015-01-01"}, "captivity_to"),
        ({"events": [{"kind": "abducted by aliens"}]}, "events"),
        ({"events": [{"kind": "sold", "on": "2015-02-30"}]}, "events"),
        ({"events": [{"kind": "sold", "place": "not-one-of-hers"}]}, "events"),
    ],
)
def test_bad_testimony_input(coordinator: User, fields: dict[str, Any], field: str) -> None:
    person = reported_person(coordinator)
    services.consent_record(actor=coordinator, person=person, purpose="testimony", language="ar")
    values = {"account": "x", "language": "ar", **fields}
    with pytest.raises(ValidationError) as exc:
        services.testimony_record(
            actor=coordinator, person=person, details=services.TestimonyDetails(**values)
        )
    assert field in exc.value.message_dict
    assert not StoredTestimony.objects.exists()


def test_readers_are_named_by_readers_only(users: dict[str, User], coordinator: User) -> None:
    caseworker = users[Role.CASEWORKER]
    person = reported_person(coordinator)
    grant_create(actor=coordinator, user=caseworker, obj=person)
    record = make_testimony(caseworker, person)
    # The coordinator is not named: they cannot name anyone, not even themselves.
    with pytest.raises(ActionRefused):
        services.testimony_name_reader(actor=coordinator, testimony=record, user=coordinator)
    with pytest.raises(ValidationError, match="caseworkers and coordinators"):
        services.testimony_name_reader(actor=caseworker, testimony=record, user=users[Role.ANALYST])
    services.testimony_name_reader(actor=caseworker, testimony=record, user=coordinator)
    with pytest.raises(ValidationError, match="already named"):
        services.testimony_name_reader(actor=caseworker, testimony=record, user=coordinator)
    services.testimony_unname_reader(actor=coordinator, testimony=record, user=caseworker)
    with pytest.raises(ValidationError, match="last named reader"):
        services.testimony_unname_reader(actor=coordinator, testimony=record, user=coordinator)
    assert list(Reader.objects.values_list("user", flat=True)) == [coordinator.pk]


def _export(actor: User | None) -> dict[str, bytes]:
    bundle = services.testimony_export_build(actor=actor)
    with zipfile.ZipFile(io.BytesIO(services.bundle_to_zip(bundle))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_withdrawn_consent_removes_testimony_from_the_next_export(coordinator: User) -> None:
    shared = reported_person(coordinator)
    private = reported_person(coordinator, **OTHER)
    kept = make_testimony(coordinator, shared, "He sold me twice.")
    make_testimony(coordinator, private, "Not for anyone else.")
    consent = services.consent_record(
        actor=coordinator, person=shared, purpose="investigators", language="kmr"
    )
    files = _export(coordinator)
    assert sorted(files) == ["manifest.json", "testimony.csv", "testimony.json"]
    document = json.loads(files["testimony.json"])
    assert [t["id"] for t in document["testimonies"]] == [str(kept.pk)]
    assert document["testimonies"][0]["account"] == "He sold me twice."
    assert "Xelîl" not in files["testimony.json"].decode()  # by reference, never by name
    assert "Not for anyone else" not in files["testimony.csv"].decode("utf-8-sig")
    manifest = json.loads(files["manifest.json"])
    assert manifest["count"] == 1 and manifest["exporter"] == coordinator.username
    for name in ("testimony.json", "testimony.csv"):
        assert manifest["files"][name]["sha256"] == hashlib.sha256(files[name]).hexdigest()

    services.consent_withdraw(actor=coordinator, consent=consent)
    files = _export(coordinator)
    assert json.loads(files["testimony.json"])["testimonies"] == []
    assert json.loads(files["manifest.json"])["count"] == 0
    exports = AuditEvent.objects.filter(action="export", object_type="aftercare.Testimony")
    assert [json.loads(e.detail)["count"] for e in exports.order_by("seq")] == [1, 0]


def test_only_coordinators_export_and_never_a_decoy(users: dict[str, User]) -> None:
    with pytest.raises(ActionRefused):
        services.testimony_export_build(actor=users[Role.CASEWORKER])
    owner = make_user("kestrel", Role.COORDINATOR)
    decoy = User.objects.create(
        username="kestrel-decoy", role=Role.COORDINATOR, is_decoy=True, decoy_of=owner
    )
    with pytest.raises(ActionRefused):
        services.testimony_export_build(actor=decoy)


def test_export_folder_refuses_to_overwrite(coordinator: User, tmp_path) -> None:
    bundle = services.testimony_export_build(actor=None)
    paths = services.bundle_to_directory(bundle, tmp_path)
    assert [p.name for p in paths] == ["testimony.json", "testimony.csv", "manifest.json"]
    assert services.verify_directory(tmp_path) == []
    (tmp_path / "testimony.csv").write_bytes(b"tampered")
    assert services.verify_directory(tmp_path) == ["testimony.csv"]
    with pytest.raises(FileExistsError):
        services.bundle_to_directory(bundle, tmp_path)
    assert json.loads((tmp_path / "manifest.json").read_text())["exporter"] == "command line"
    assert timezone.now()  # the manifest's export time is timezone-aware ISO text


def test_photo_consent_sets_and_withdrawal_clears_the_photo_flag(users) -> None:
    from safepassage.aftercare.services.consent import consent_record, consent_withdraw
    from safepassage.aftercare.tests.factories import reported_person
    from safepassage.tracing.models import Person

    actor = users["coordinator"]
    person = reported_person(actor)
    assert not Person.objects.get(pk=person.pk).photo_consent
    consent = consent_record(actor=actor, person=person, purpose="photo", language="ar")
    assert Person.objects.get(pk=person.pk).photo_consent
    consent_withdraw(actor=actor, consent=consent)
    assert not Person.objects.get(pk=person.pk).photo_consent


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def test_a_new_photo_cannot_be_shown_against_her_withdrawn_consent(coordinator: User) -> None:
    """Her own word, once recorded, decides: ticking "she or her family consented" on a new
    upload does not show her photo again after she withdrew her consent."""
    from safepassage.tracing.services import person_photo_set

    person = reported_person(coordinator)
    person_photo_set(actor=coordinator, person=person, data=PNG, consent=True)
    consent = services.consent_record(
        actor=coordinator, person=person, purpose="photo", language="ar"
    )
    services.consent_withdraw(actor=coordinator, consent=consent)
    with pytest.raises(ValidationError) as caught:
        person_photo_set(actor=coordinator, person=person, data=PNG, consent=True)
    assert "consent" in caught.value.message_dict
    assert not Person.objects.get(pk=person.pk).photo_consent
    # A photo kept unshown is still taken; her consent recorded again shows it.
    person_photo_set(actor=coordinator, person=person, data=PNG, consent=False)
    services.consent_record(actor=coordinator, person=person, purpose="photo", language="ar")
    assert Person.objects.get(pk=person.pk).photo_consent


def test_export_csv_cells_never_start_a_spreadsheet_formula(coordinator: User) -> None:
    # A name or an account typed as "=HYPERLINK(…)" ran as a formula in the investigator's
    # spreadsheet. The CSV cell starts with an apostrophe; the JSON keeps her exact words.
    import csv

    person = reported_person(coordinator)
    holder = intel_services.holder_create(
        actor=coordinator, names=['=HYPERLINK("http://evil.example","x")'], aliases=["@SUM(1)"]
    )
    place = intel_services.place_create(actor=coordinator, kind="town", names=["+Raqqa"])
    services.consent_record(actor=coordinator, person=person, purpose="testimony", language="kmr")
    services.testimony_record(
        actor=coordinator,
        person=person,
        details=services.TestimonyDetails(
            account="-He sold me in the market.",
            language="kmr",
            perpetrators=[holder],
            places=[place],
        ),
    )
    services.consent_record(
        actor=coordinator, person=person, purpose="investigators", language="kmr"
    )
    files = _export(coordinator)
    rows = list(csv.DictReader(io.StringIO(files["testimony.csv"].decode("utf-8-sig"))))
    assert len(rows) == 1
    for value in rows[0].values():
        assert value[:1] not in ("=", "+", "-", "@", "\t", "\r"), value
    assert rows[0]["account"] == "'-He sold me in the market."
    assert rows[0]["places"] == "'+Raqqa"
    document = json.loads(files["testimony.json"])
    assert document["testimonies"][0]["account"] == "-He sold me in the market."
