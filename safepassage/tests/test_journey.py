"""The whole journey in real Chromium, as the network walks it (issue #7).

A family reports her in Arabic; another family member reports her again in Latin letters and
a coordinator merges the duplicate; she calls and passes the secret question, agrees words,
calls again with the all-clear word; where she is held is reported from her call and
corroborated by an insider; the trap check passes; an operation is planned, approved, started,
followed through the field member's check-ins and completed; reception matches her to the
family's report; she is reunited and referred; the statistics move. A second walk shows the
trap: a forced call with the duress word and the "come now, he is away" lure is blocked, and
the operation built on it cannot start.

Everything a person does here goes through the real pages with JavaScript off (the guide's
member record and its account link included); only the network that exists beforehand
(accounts, gazetteer, an insider) is set up through services. Each step leaves a screenshot
``journey-NN-*.png`` (``trap-NN-*.png`` for the trap) in the test artefacts folder.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import grant_create
from safepassage.aftercare.models import Arrival, Referral
from safepassage.audit.services import audit_verify
from safepassage.conftest import make_user
from safepassage.intel.models import LocationReport, Member, Place
from safepassage.intel.services import member_create, place_create
from safepassage.operations.models import Alert, CheckIn, Operation
from safepassage.operations.services import (
    operation_add_request,
    operation_create,
    team_member_add,
    waypoint_add,
)
from safepassage.tests.browser import screenshot, sign_in_page
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import Contact, DuplicateCandidate, Person
from safepassage.tracing.services import (
    ContactDetails,
    ReportDetails,
    agreed_words_set,
    auth_question_add,
    contact_create,
    intake_submit,
)
from safepassage.verification.models import RescueRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "What did she call her grandmother's goat?"
ANSWER = "Gule"
DURESS_WORD = "pomegranate"
ALL_CLEAR_WORD = "almond"
CHECK_IN_CODE = "blue heron"
DURESS_CODE = "red kite"


@dataclass
class Network:
    """The network as it stands before the family comes: accounts, places, an insider."""

    falcon: User  # coordinator
    heron: User  # second coordinator
    dove: User  # family liaison who meets the family
    lark: User  # caseworker in another region, also at reception
    sparrow: User  # field member, the guide
    kestrel: User  # analyst
    house: Place
    square: Place
    crossing: Place
    reception: Place
    insider: Member
    past: list[Any]  # primary keys of the network's earlier cases


def _network() -> Network:
    falcon = make_user("falcon", Role.COORDINATOR)
    lark = make_user("lark", Role.CASEWORKER)
    sparrow = make_user("sparrow", Role.FIELD)
    places = {
        "house": place_create(
            actor=falcon, kind="house", names=["Tel Ezer house 7"], latitude=36.41, longitude=41.71
        ),
        "square": place_create(
            actor=falcon,
            kind="village",
            names=["Tel Ezer bakery square"],
            latitude=36.38,
            longitude=41.76,
        ),
        "crossing": place_create(
            actor=falcon,
            kind="crossing",
            names=["Old mill crossing"],
            latitude=36.62,
            longitude=42.05,
        ),
        "reception": place_create(actor=falcon, kind="reception", names=["Zakho reception"]),
    }
    grant_create(actor=falcon, user=lark, obj=places["reception"], reason="reception duty")
    # The network's past cases: the analyst's page withholds counts below five, so it has
    # enough of them for its figures to show (and to move) in the journey.
    past = [
        Person.objects.create(given_names=[f"Earlier {status} {index}"], status=status).pk
        for index in range(6)
        for status in ("missing", "reunited")
    ]
    return Network(
        falcon=falcon,
        heron=make_user("heron", Role.COORDINATOR),
        dove=make_user("dove", Role.LIAISON),
        lark=lark,
        sparrow=sparrow,
        kestrel=make_user("kestrel", Role.ANALYST),
        insider=member_create(actor=falcon, codename="owl", role="source"),
        past=past,
        **places,
    )


def _sign_in(browser: Any, url: str, user: User, *, phone: bool = False) -> tuple[Any, Any]:
    """A fresh browser (no JavaScript) signed in through the password and code pages."""
    viewport = {"width": 390, "height": 860} if phone else {"width": 1100, "height": 900}
    context = browser.new_context(viewport=viewport, java_script_enabled=False)
    context.set_default_timeout(10_000)
    return context, sign_in_page(context, url, user)


def _messages(page: Any) -> str:
    box = page.locator("ul.messages")
    return str(box.inner_text()) if box.count() else ""


def _statistics(page: Any, url: str) -> dict[str, int]:
    """The analyst's "Persons by status" table, label → count, and the total."""
    page.goto(f"{url}/reports/")
    assert page.locator("h1").inner_text() == "Statistics"
    rows = page.locator("section:has(h2:text-is('Persons by status')) table tr")
    counts: dict[str, int] = {}
    for index in range(rows.count()):
        label, count = rows.nth(index).locator("td").all_inner_texts()
        counts[label.strip()] = int(count)
    counts["total"] = int(page.locator(".figures p strong").first.inner_text())
    return counts


def _log_contact(
    page: Any, *, answer: str, word: str = "", asked: str = "", where: str = ""
) -> None:
    """On her person page: "Log a contact", fill in what she said, save."""
    page.click("text=Log a contact")
    page.wait_for_url("**/contacts/new/")
    page.select_option("#id_channel", "phone")
    page.fill("#id_number_used", "+964 750 999 0001")
    page.fill("#id_location_said", where or "A house near the bakery in Tel Ezer")
    page.fill("#id_holder_said", "The same man as before")
    page.fill("#id_condition", "Tired, not hurt")
    page.fill("#id_what_she_asked", asked)
    page.fill("#id_word_used", word)
    page.fill("fieldset input[name^=answer_]", answer)
    page.click("main button[type=submit] >> text=Save contact")
    page.wait_for_url("**/persons/*/")


def _tomorrow_at(hour: int) -> str:
    day = timezone.localtime() + datetime.timedelta(days=1)
    return day.replace(hour=hour, minute=0).strftime("%Y-%m-%dT%H:%M")


def test_journey_from_family_report_to_reunion(live_server: Any, browser: Any) -> None:
    net = _network()
    url = live_server.url
    today = timezone.localdate().isoformat()

    # 01 The analyst's figures before anything happens.
    analyst_context, analyst = _sign_in(browser, url, net.kestrel)
    before = _statistics(analyst, url)
    assert before == {"Missing": 6, "Reunited": 6, "total": 12} | {
        label: 0 for label in before if label not in ("Missing", "Reunited", "total")
    }
    screenshot(analyst, "journey-01-statistics-before")

    # 02 The family liaison takes the family's report, in Arabic script.
    dove_context, dove = _sign_in(browser, url, net.dove, phone=True)
    dove.click("nav >> text=Persons")
    dove.click("text=New report")
    dove.fill("#id_given_names", "خليل")
    dove.fill("#id_father_names", "حسن")
    dove.fill("#id_grandfather_names", "بابير")
    dove.fill("#id_family_names", "الشنگالي")
    dove.select_option("#id_sex", "f")
    dove.fill("#id_birth", "1998")
    dove.fill("#id_home_place", "كوجو")
    dove.fill("#id_abducted_on", "2014-08-15")
    dove.fill("#id_reporter_name", "سعيد")
    dove.fill("#id_relationship", "brother")
    dove.fill("#id_reporter_phones", "+964 750 111 2233")
    dove.select_option("#id_preferred_language", "ar")
    dove.fill("#id_knowledge", "أخذت من كوجو في آب 2014")
    dove.click("#check")
    dove.wait_for_selector("#matches")
    assert "No likely match" in dove.locator("#matches").inner_text()
    dove.click("#new-person")
    dove.wait_for_url("**/persons/*/")
    assert "New person entered." in _messages(dove)
    assert "خليل" in dove.locator("#given-names").inner_text()
    journey = Person.objects.exclude(pk__in=net.past)
    arabic = journey.get()
    # The family gives a question only she could answer; the answer is kept as a hash.
    dove.fill("#id_question", QUESTION)
    dove.fill("#id_answer", ANSWER)
    dove.click("text=Add question")
    assert "Question saved" in _messages(dove)
    assert QUESTION in dove.content() and ANSWER not in dove.content()
    screenshot(dove, "journey-02-arabic-report")

    # 03 Her aunt reports her in another region, in Latin letters; the caseworker there
    # cannot see the first report, so to her it is a new person.
    lark_context, lark = _sign_in(browser, url, net.lark)
    lark.goto(f"{url}/persons/new/")
    lark.fill("#id_given_names", "Xelîl")
    lark.fill("#id_father_names", "Hesen")
    lark.fill("#id_grandfather_names", "Bapîr")
    lark.fill("#id_family_names", "Şingalî")
    lark.select_option("#id_sex", "f")
    lark.fill("#id_birth", "about 27")
    lark.fill("#id_home_place", "Kocho")
    lark.fill("#id_reporter_name", "Nadia")
    lark.fill("#id_relationship", "aunt")
    lark.click("#check")
    lark.wait_for_selector("#matches")
    assert "No likely match" in lark.locator("#matches").inner_text()
    lark.click("#new-person")
    lark.wait_for_url("**/persons/*/")
    assert "Xelîl" in lark.locator("#given-names").inner_text()
    screenshot(lark, "journey-03-latin-duplicate-report")
    assert journey.filter(merged_into__isnull=True).count() == 2
    assert DuplicateCandidate.objects.filter(status="open").count() == 1

    # 04 The coordinator finds the pair in the duplicate queue and merges it.
    falcon_context, falcon = _sign_in(browser, url, net.falcon)
    falcon.goto(f"{url}/persons/duplicates/")
    pair = falcon.locator("section.duplicate")
    assert pair.count() == 1
    assert "خليل" in pair.inner_text() and "Xelîl" in pair.inner_text()
    assert float(pair.locator(".score").inner_text()) > 0.8
    screenshot(falcon, "journey-04-duplicate-queue")
    # Each side offers "Merge, keep this one"; the older, Arabic record is the one suggested.
    keep = pair.locator(f"form:has(input[name=survivor][value='{arabic.pk}']) button")
    assert "secondary" not in (keep.get_attribute("class") or "")
    keep.click()
    falcon.wait_for_url(f"{url}/persons/{arabic.pk}/")
    assert "Merged." in _messages(falcon)
    names = falcon.locator("#given-names").inner_text()
    assert "خليل" in names and "Xelîl" in names
    # Her village as each family spelled it: the aunt's Kocho is kept beside كوجو.
    assert falcon.locator("#home-places").inner_text() == "كوجو / Kocho"
    assert falcon.locator("#timeline li.report").count() == 2
    screenshot(falcon, "journey-05-merged")
    assert journey.filter(merged_into__isnull=True).count() == 1
    person = journey.get(merged_into__isnull=True)
    assert person.pk == arabic.pk

    # 06 She calls: proof of life. She answers the family's question; it passes.
    dove.goto(f"{url}/persons/{person.pk}/")
    _log_contact(dove, answer="gule")
    assert "Contact logged. Authentication: Passed." in _messages(dove)
    assert "Authentication: Passed" in dove.locator("#timeline li.contact").inner_text()
    # Words are agreed with her on that call: a duress word and an all-clear word.
    dove.fill("#id_duress_word", DURESS_WORD)
    dove.fill("#id_all_clear_word", ALL_CLEAR_WORD)
    dove.click("text=Agree words")
    assert "Words agreed." in _messages(dove)
    assert "Duress and all-clear words are agreed." in dove.content()
    screenshot(dove, "journey-06-proof-of-life-call")

    # 07 She calls again, answers again and gives the all-clear word; she can reach the
    # bakery square, a meeting point the network knows.
    _log_contact(
        dove,
        answer=ANSWER,
        word=ALL_CLEAR_WORD,
        asked="She can walk to the bakery square on Friday morning.",
    )
    assert "Authentication: Passed." in _messages(dove)
    assert "all-clear given" in dove.locator("#timeline").inner_text()
    screenshot(dove, "journey-07-call-all-clear")
    call = Contact.objects.get(person=person, all_clear_given=True)
    assert call.auth_outcome == "passed" and not call.duress_word_used

    # 08 Where she is held, from her call (graded C3).
    dove.goto(f"{url}/intel/persons/{person.pk}/location-reports/")
    dove.select_option("#id_source_contact", str(call.pk))
    dove.select_option("#id_place", label="Tel Ezer house 7 (House)")
    dove.select_option("#id_source_reliability", "C")
    dove.select_option("#id_info_credibility", "3")
    dove.fill("#id_notes", "From her second call.")
    dove.click("main form button[type=submit] >> text=Save")
    assert "Saved." in _messages(dove)
    assert dove.locator("#location-reports tbody tr").count() == 1
    screenshot(dove, "journey-08-location-report")
    first_report = LocationReport.objects.get(person=person)

    # 09 The insider confirms the house independently (B2): the report is corroborated.
    falcon.goto(f"{url}/intel/persons/{person.pk}/location-reports/")
    falcon.select_option("#id_source_member", label="owl (Insider / source)")
    falcon.select_option("#id_place", label="Tel Ezer house 7 (House)")
    falcon.select_option("#id_source_reliability", "B")
    falcon.select_option("#id_info_credibility", "2")
    falcon.select_option("#id_corroborated_by", str(first_report.pk))
    falcon.click("main form button[type=submit] >> text=Save")
    assert "Saved." in _messages(falcon)
    rows = falcon.locator("#location-reports tbody tr")
    assert rows.count() == 2
    assert [rows.nth(i).locator("td").last.inner_text() for i in range(2)] == ["yes", "yes"]
    screenshot(falcon, "journey-09-location-corroborated")

    # 10 The liaison records the rescue request: pick-up at the network's meeting point.
    dove.goto(f"{url}/persons/{person.pk}/")
    dove.click("text=Record a rescue request")
    dove.check(f"input[name=contacts][value='{call.pk}']")
    dove.select_option("#id_stated_place", label="Tel Ezer house 7 (House)")
    dove.select_option("#id_pickup_place", label="Tel Ezer bakery square (Village)")
    dove.fill("#id_pickup_text", "Friday, 07:00, by the bakery door")
    dove.check("#id_network_chosen_meeting_point")
    dove.click("text=Save and assess")
    dove.wait_for_url("**/verification/requests/*/")
    assert dove.locator("#cleared").is_visible()
    assert "ok" in str(dove.get_attribute("#verdict", "class")).split()
    screenshot(dove, "journey-10-rescue-request")
    rescue = RescueRequest.objects.get(person=person)

    # 11 The coordinator runs the trap check again: no factor fires, the request is cleared.
    falcon.goto(f"{url}/persons/{person.pk}/")
    falcon.click(f"a[href='/verification/requests/{rescue.pk}/']")
    falcon.click("text=Assess again")
    assert "Assessed again." in _messages(falcon)
    assert falcon.locator("#total").inner_text() == "0"
    assert "No factor fired." in falcon.locator("#factors").inner_text()
    assert falcon.locator("#cleared").is_visible() and falcon.locator("#blocked").count() == 0
    screenshot(falcon, "journey-11-trap-check-passed")

    # 12 The coordinator adds the guide to the network, linked to the account she signs in
    # with, then plans the operation: person, team, route, supplies, codes.
    falcon.goto(f"{url}/intel/members/")
    falcon.fill("#id_codename", "sparrow-m")
    falcon.select_option("#id_role", "guide")
    falcon.select_option("#id_account", label="sparrow (Field member)")
    falcon.click("main form button[type=submit] >> text=Save")
    assert "sparrow" in falcon.locator("dl.facts").inner_text()
    guide = Member.objects.get(codename="sparrow-m")
    assert guide.user == net.sparrow
    falcon.goto(f"{url}/operations/new/")
    falcon.fill("#id_codename", "Almond")
    falcon.fill("#id_objective", "Meet her at the bakery square; cross at the old mill.")
    falcon.fill("#id_check_in_interval_minutes", "60")
    falcon.fill("#id_grace_minutes", "15")
    falcon.fill("#id_check_in_code", CHECK_IN_CODE)
    falcon.fill("#id_duress_code", DURESS_CODE)
    falcon.click("main button[type=submit]")
    falcon.wait_for_url("**/operations/*/")
    falcon.select_option("#add-req", str(rescue.pk))
    falcon.click("form[action$='/plan/person/'] button")
    falcon.select_option("#add-member", str(guide.pk))
    falcon.select_option("#add-role", "lead")
    falcon.click("form[action$='/plan/team/'] button")
    for kind, place, hour in (
        ("pickup", net.square, 7),
        ("crossing", net.crossing, 13),
        ("reception", net.reception, 18),
    ):
        waypoint = falcon.locator("form[action$='/plan/waypoint/']")
        waypoint.locator("select[name=kind]").select_option(kind)
        waypoint.locator("select[name=place]").select_option(str(place.pk))
        waypoint.locator("input[name=planned_arrival]").fill(_tomorrow_at(hour))
        waypoint.locator("select[name=transport]").select_option("car")
        waypoint.locator("button").click()
        assert "Saved." in _messages(falcon)
    supply = falcon.locator("form[action$='/plan/supply/']")
    supply.locator("select[name=kind]").select_option("water")
    supply.locator("input[name=quantity]").fill("6")
    supply.locator("button").click()
    assert "Before approval" not in falcon.content()
    assert "Draft" in falcon.locator("h1").inner_text()
    screenshot(falcon, "journey-12-operation-planned")
    operation = Operation.objects.get(codename="Almond")
    assert operation.waypoints.count() == 3 and operation.persons.count() == 1

    # 13 The second coordinator approves the plan; the first starts it.
    heron_context, heron = _sign_in(browser, url, net.heron)
    heron.goto(f"{url}/operations/{operation.pk}/")
    heron.click("text=Approve the plan")
    assert "Approved" in heron.locator("h1").inner_text()
    falcon.goto(f"{url}/operations/{operation.pk}/")
    falcon.click("text=Start the operation")
    assert "Underway" in falcon.locator("h1").inner_text()
    screenshot(falcon, "journey-13-operation-underway")
    person.refresh_from_db()
    assert person.status == "in_transit"

    # 14 The guide checks in from the field on a phone, at the pick-up and at the crossing.
    sparrow_context, sparrow = _sign_in(browser, url, net.sparrow, phone=True)
    sparrow.goto(f"{url}/field/")
    sparrow.wait_for_url(f"**/field/{operation.pk}/")
    assert "خليل" in sparrow.content() or "Xelîl" in sparrow.content()
    assert "سعيد" not in sparrow.content()  # never the family's contacts
    for position, (stop, note) in enumerate(
        (
            ("Pick-up · Tel Ezer bakery square", "She is with us."),
            ("Crossing point · Old mill crossing", "Across."),
        ),
        start=1,
    ):
        sparrow.fill("#ci-code", CHECK_IN_CODE)
        sparrow.select_option("#ci-wp", label=f"{position}. {stop}")
        sparrow.fill("#ci-note", note)
        screenshot(sparrow, f"journey-{13 + position}-field-check-in-{position}")
        sparrow.click("button[value=ok]")
        sparrow.wait_for_url("**/checked-in/")
        assert "Check-in sent" in sparrow.locator("h1").inner_text()
        sparrow.click("text=Back to the operation")
        assert sparrow.locator("section:has(h2:text-is('Your check-ins')) li").count() == position
    assert CheckIn.objects.filter(operation=operation, status="ok").count() == 2

    # 16 The coordinator follows the check-ins and records the outcome: she is out.
    falcon.goto(f"{url}/operations/{operation.pk}/")
    assert falcon.locator("tr.ci-ok").count() == 2
    falcon.click("summary >> text=End the operation")
    falcon.select_option("#end-status", "completed")
    falcon.check("input[name=brought_out]")
    falcon.fill("#end-notes", "Met at the bakery at 07:10, crossed at 13:00, at reception.")
    falcon.click("text=Record the outcome")
    assert "Completed" in falcon.locator("h1").inner_text()
    screenshot(falcon, "journey-16-operation-completed")
    person.refresh_from_db()
    assert person.status == "arrived"

    # 17 Reception: she gives her name; the match check finds the family's report.
    lark.goto(f"{url}/aftercare/arrival/")
    lark.fill("#id_given_names", "Xelil")
    lark.fill("#id_father_names", "Hesen")
    lark.fill("#id_family_names", "Shingali")
    lark.fill("#id_birth", "1998")
    lark.fill("#id_arrived_on", today)
    lark.select_option("#id_reception_place", label="Zakho reception")
    lark.fill("#id_received_by", "lark")
    lark.fill("#id_condition", "Exhausted, dehydrated")
    lark.fill("#id_immediate_needs", "Water, rest, a doctor")
    lark.click("#arrival button[value=check]:not(.visually-hidden)")
    lark.wait_for_selector("#matches")
    candidate = lark.locator(".candidate").first
    assert "خليل" in candidate.inner_text()
    assert float(candidate.locator(".score").inner_text()) > 0.7
    screenshot(lark, "journey-17-arrival-match")
    candidate.locator("button.confirm").click()
    lark.wait_for_url(f"{url}/aftercare/persons/{person.pk}/")
    assert "Arrival recorded." in _messages(lark)
    assert "Exhausted, dehydrated" in lark.locator("#arrivals").inner_text()
    assert lark.locator("#status").inner_text() == "Arrived"
    screenshot(lark, "journey-18-arrival-recorded")
    assert Arrival.objects.filter(person=person).count() == 1

    # 19 Reunification with the brother who reported her: notified, met, reunited.
    lark.click("summary >> text=Add a relative")
    family = lark.locator("form[action$='/family/']")
    family.locator("input[name=name]").fill("سعيد")
    family.locator("input[name=relationship]").fill("brother")
    family.locator("input[name=contact]").fill("+964 750 111 2233")
    family.locator("select[name=report]").select_option(index=1)
    family.locator("button").click()
    assert "Relative added." in _messages(lark)
    for step, message in (
        ("notify", "Notification recorded."),
        ("met", "Meeting recorded."),
        ("reunite", "Reunited."),
    ):
        lark.click("#family summary >> text=Next step")
        form = lark.locator(f"form[action$='/{step}/']")
        if step == "notify":
            form.locator("select[name=how]").select_option("phone")
        else:
            form.locator("input[name=on]").fill(today)
        form.locator("button").click()
        assert message in _messages(lark), _messages(lark)
    assert lark.locator("#status").inner_text() == "Reunited"
    assert "Reunited" in lark.locator("#family").inner_text()
    screenshot(lark, "journey-19-reunited")

    # 20 A referral, with her consent, to a psychosocial service.
    lark.click("summary >> text=Refer her")
    referral = lark.locator("form[action$='/referrals/']")
    referral.locator("select[name=kind]").select_option("psychosocial")
    referral.locator("input[name=service]").fill("Jinda centre, psychosocial support")
    referral.locator("input[name=she_consents]").check()
    referral.locator("input[name=follow_up_on]").fill(
        (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    )
    referral.locator("button").click()
    assert "Referral recorded." in _messages(lark)
    assert "Jinda centre" in lark.locator("#referrals").inner_text()
    screenshot(lark, "journey-20-referral")
    assert Referral.objects.filter(person=person, kind="psychosocial").count() == 1

    # 21 The analyst's figures moved: one person more, and she is counted as reunited.
    after = _statistics(analyst, url)
    screenshot(analyst, "journey-21-statistics-after")
    assert after["total"] == before["total"] + 1
    assert after["Reunited"] == before["Reunited"] + 1
    assert after["Missing"] == before["Missing"]
    assert "Xelîl" not in analyst.content() and "خليل" not in analyst.content()

    # Every read and write of the journey is in an unbroken audit chain.
    verdict = audit_verify()
    assert verdict.ok, verdict.reason
    for context in (analyst_context, dove_context, lark_context, falcon_context):
        context.close()
    heron_context.close()
    sparrow_context.close()


def _trap_setup(net: Network) -> tuple[Person, Operation]:
    """A woman the family reported, with a question, a first call and agreed words; and an
    operation drafted on a request that is yet to come (the request is added in the test)."""
    report = intake_submit(
        actor=net.dove,
        details=PersonDetails(
            given_names=("Berfîn",), family_names=("Qasim",), sex="f", birth_year=2001
        ),
        report=ReportDetails(reporter_name="Hadi", relationship="father"),
    )
    person = report.person
    auth_question_add(actor=net.dove, person=person, question=QUESTION, answer=ANSWER)
    contact_create(
        actor=net.dove,
        person=person,
        contact=ContactDetails(
            occurred_at=timezone.now() - datetime.timedelta(days=3),
            channel="phone",
            answers={str(person.auth_secrets.get().pk): ANSWER},
        ),
    )
    agreed_words_set(
        actor=net.dove, person=person, duress_word=DURESS_WORD, all_clear_word=ALL_CLEAR_WORD
    )
    operation = operation_create(
        actor=net.falcon,
        codename="Thorn",
        objective="Bring her out.",
        check_in_interval_minutes=60,
        grace_minutes=15,
        check_in_code=CHECK_IN_CODE,
        duress_code=DURESS_CODE,
    )
    guide = member_create(actor=net.falcon, codename="sparrow-m", role="guide", user=net.sparrow)
    team_member_add(actor=net.falcon, operation=operation, member=guide, role="lead")
    base = timezone.now() + datetime.timedelta(days=1)
    for hours, (kind, place) in enumerate((("pickup", net.house), ("reception", net.reception))):
        waypoint_add(
            actor=net.falcon,
            operation=operation,
            kind=kind,
            place=place,
            planned_arrival=base + datetime.timedelta(hours=6 * hours),
            transport="car",
        )
    return person, operation


def test_trap_is_blocked_and_the_operation_cannot_start(live_server: Any, browser: Any) -> None:
    net = _network()
    url = live_server.url
    person, operation = _trap_setup(net)

    # 01 A call comes: she gives the duress word, and asks them to come now, he is away.
    dove_context, dove = _sign_in(browser, url, net.dove, phone=True)
    dove.goto(f"{url}/persons/{person.pk}/")
    _log_contact(
        dove,
        answer=ANSWER,
        word=DURESS_WORD,
        asked="Come now, he is away until tonight. Come to the house.",
        where="In the house, alone",
    )
    assert "DURESS WORD USED" in dove.locator("ul.messages li.error").inner_text()
    assert "DURESS WORD USED" in dove.locator("#timeline").inner_text()
    screenshot(dove, "trap-01-duress-call")
    call = Contact.objects.get(person=person, duress_word_used=True)
    assert Alert.objects.filter(kind="danger").exists()

    # 02 The request as it was asked: come to the house, now, while he is away.
    dove.click("text=Record a rescue request")
    dove.check(f"input[name=contacts][value='{call.pk}']")
    dove.select_option("#id_pickup_place", label="Tel Ezer house 7 (House)")
    dove.check("#id_urgency_claimed")
    dove.check("#id_holder_away_claimed")
    dove.check("#id_pickup_at_captive_location")
    dove.click("text=Save and assess")
    dove.wait_for_url("**/verification/requests/*/")
    assert "2 more coordinators must approve" in dove.locator("#blocked").inner_text()
    assert "warn" in str(dove.get_attribute("#verdict", "class"))
    screenshot(dove, "trap-02-request-blocked")
    rescue = RescueRequest.objects.get(person=person)

    # 03 The coordinator reads every factor in the verification queue.
    falcon_context, falcon = _sign_in(browser, url, net.falcon)
    falcon.click("nav >> text=Verification")
    falcon.click(f"a[href='/verification/requests/{rescue.pk}/']")
    rows = falcon.locator("#factors tr[data-code]")
    codes = {str(rows.nth(i).get_attribute("data-code")) for i in range(rows.count())}
    assert {
        "duress_word",
        "lure_urgency",
        "lure_holder_away",
        "lure_captive_location",
        "lure_phrases",
        "not_corroborated",
    } <= codes
    assert int(falcon.locator("#total").inner_text()) > 40
    screenshot(falcon, "trap-03-factors")

    # 04 One coordinator's approval is not enough, and the same one cannot approve twice.
    falcon.fill("#id_reason", "Testing whether one approval is enough.")
    falcon.click("#approve button[type=submit]")
    assert "1 more coordinator must approve" in falcon.locator("#blocked").inner_text()
    # The form is gone for her (a second approval by the same coordinator is refused by the
    # service as well: verification/tests/test_views.py posts it).
    assert falcon.locator("#approve").count() == 0
    assert "Another coordinator must approve" in falcon.locator("#approved-by-me").inner_text()
    assert rescue.approvals.count() == 1
    screenshot(falcon, "trap-04-one-approval-not-enough")

    # 05 The operation built on it: the plan can be approved, but it cannot start.
    operation_add_request(actor=net.falcon, operation=operation, rescue_request=rescue)
    falcon.goto(f"{url}/operations/{operation.pk}/")
    falcon.click("text=Approve the plan")
    assert "Approved" in falcon.locator("h1").inner_text()
    assert "cannot start" in falcon.content()
    falcon.click("text=Start the operation")
    # The refusal reads as one: an alert, not the green of a success.
    refusal = falcon.locator("ul.messages li.error[role=alert]")
    assert "The trap check has not cleared" in refusal.inner_text()
    assert "Approved" in falcon.locator("h1").inner_text()
    screenshot(falcon, "trap-05-start-refused")
    operation.refresh_from_db()
    person.refresh_from_db()
    assert operation.status == "approved" and operation.started_at is None
    assert person.status != "in_transit"

    # 06 The guide's phone shows the operation but no check-in: it never started.
    sparrow_context, sparrow = _sign_in(browser, url, net.sparrow, phone=True)
    sparrow.goto(f"{url}/field/{operation.pk}/")
    assert sparrow.locator("#ci-code").count() == 0
    screenshot(sparrow, "trap-06-field-not-started")

    verdict = audit_verify()
    assert verdict.ok, verdict.reason
    for context in (dove_context, falcon_context, sparrow_context):
        context.close()
