"""A decoy session's suspected-duplicate queue lists pairs of its own pretend persons as a real
account's queue lists the pairs of the persons it entered: the same score, evidence and
suggested record to keep, on the page, the API and the dashboard count. Merging or keeping
them apart answers as a real decision does and takes the pair off its queue; nothing is
written and nothing real is shown."""

from __future__ import annotations

import re
from typing import Any

import pytest

from safepassage.accounts.models import Role
from safepassage.conftest import decoy_client, make_user
from safepassage.tests.decoy import (
    DURESS,
    ID,
    ApiPair,
    counts,
    queued_messages,
    real_and_decoy,
    reported,
)
from safepassage.tracing.models import DuplicateCandidate, Merge
from safepassage.tracing.tests.test_decoy_matches import FIRST, SECOND

pytestmark = pytest.mark.django_db

Response = Any  # a test client answer

# Another woman altogether: in no pair.
OTHER = {**FIRST, "given_names": "Nareen", "family_names": "Berani", "birth": "1990"}


def _written() -> dict[str, int]:
    """Every table a decoy's write could reach, and the duplicate queue and merges too."""
    return {
        **counts(),
        "DuplicateCandidate": DuplicateCandidate.objects.count(),
        "Merge": Merge.objects.count(),
    }


# A pair's two records are shown in the order of their ids (random), so the pages of two
# sessions compare with her names and the side the suggestion stands on blanked.
_NAMES = re.compile(r"\b(Layla|Leila|Hassan|Hasan)\b")
_MERGE = re.compile(
    r'<button type="submit"( class="secondary")?>Merge, keep this one</button>'
    r'( <span class="muted">\(suggested: her status stays true\)</span>)?'
)


def _queue(html: str) -> str:
    """The queue page's content, ids, the csrf token, names and suggestion blanked."""
    found = re.search(r"<main[^>]*>.*?</main>", html, re.S)
    assert found is not None
    content = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", found.group(0))
    return _MERGE.sub("MERGE", _NAMES.sub("NAME", ID.sub("ID", content)))


def _evidence(evidence: list[dict[str, Any]], swap: bool) -> list[dict[str, Any]]:
    return [{**e, "left": e["right"], "right": e["left"]} for e in evidence] if swap else evidence


def _oldest_left(row: dict[str, Any]) -> dict[str, Any]:
    """A pair as the API lists it, its older record on the left (the evidence following)."""
    if row["left"]["created_at"] <= row["right"]["created_at"]:
        return row
    return {
        **row,
        "left": row["right"],
        "right": row["left"],
        "evidence": _evidence(row["evidence"], True),
    }


def _listed(both: ApiPair, answer: Any) -> Any:
    """The pairs an answer lists, older records left, in order of her given name, blanked."""
    rows = [_oldest_left(row) for row in answer.json()]
    return both.blank(sorted(rows, key=lambda row: row["left"]["given_names"]))


def _entered(client: Any) -> tuple[str, str, str]:
    """Her first record, the second record of her and another woman, as ids."""
    return reported(client, FIRST), reported(client, SECOND), reported(client, OTHER)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER])
def test_the_queue_lists_its_pretend_pair_as_a_real_queue_lists_its_pair(role: str) -> None:
    real, decoy = real_and_decoy(role)
    _entered(real)
    first, second, other = _entered(decoy)
    real_page = real.get("/persons/duplicates/")
    [real_row] = [row for row, _sides, _suggested in real_page.context["rows"]]
    before = _written()
    page = decoy.get("/persons/duplicates/")
    assert _written() == before
    assert page.status_code == real_page.status_code == 200
    [(row, sides, suggested)] = page.context["rows"]
    assert {str(p.pk) for p in sides} == {first, second}
    assert other not in page.content.decode()
    assert (row.score, row.status) == (real_row.score, real_row.status)
    # The same evidence, each read with its older record on the left.
    assert _evidence(row.evidence, row.left.created_at > row.right.created_at) == _evidence(
        real_row.evidence, real_row.left.created_at > real_row.right.created_at
    )
    assert str(suggested) == first  # the older record, as a real queue suggests
    assert _queue(page.content.decode()) == _queue(real_page.content.decode())
    # The same pair, under the same id, every time it is asked for.
    again = decoy.get("/persons/duplicates/")
    assert [r.pk for r, _s, _g in again.context["rows"]] == [row.pk]
    # The dashboard counts it, as a real account's counts its pair.
    assert "Suspected duplicates (1)" in decoy.get("/").content.decode()
    assert "Suspected duplicates (1)" in real.get("/").content.decode()


def test_the_api_lists_its_pretend_pair_as_a_real_one() -> None:
    both = ApiPair.of_role(Role.CASEWORKER)
    for name, person in (
        ("first", {"given_names": ["Layla"], "family_names": ["Hassan"], "sex": "f"}),
        ("second", {"given_names": ["Leila"], "family_names": ["Hasan"], "sex": "f"}),
    ):
        intake = {"person": person, "report": {"reporter_name": "Hadiya", "relationship": "sister"}}
        real, answer = both.send("post", "/api/persons/", intake)
        both.keep(name, real.json()["id"], answer.json()["id"])
    real = both.real.get("/api/duplicates/")
    before = _written()
    answer = both.decoy.get("/api/duplicates/")
    assert _written() == before
    assert answer.status_code == real.status_code == 200
    [row] = answer.json()
    assert {row["left"]["id"], row["right"]["id"]} == {both.ids[n][1] for n in ("first", "second")}
    assert row["status"] == "open"
    assert _listed(both, answer) == _listed(both, real)


def test_keeping_them_apart_takes_the_pair_off_its_queue_and_writes_nothing() -> None:
    _real, decoy = real_and_decoy(Role.COORDINATOR)
    _entered(decoy)
    [(row, _sides, _suggested)] = decoy.get("/persons/duplicates/").context["rows"]
    before = _written()
    answer = decoy.post(f"/persons/duplicates/{row.pk}/dismiss/")
    assert answer.status_code == 302 and answer["Location"] == "/persons/duplicates/"
    assert queued_messages(answer) == ["Marked as not the same person."]
    assert decoy.get("/persons/duplicates/").context["rows"] == []
    assert "Suspected duplicates (0)" in decoy.get("/").content.decode()
    # Sent again (another tab): told so, as a real queue tells.
    again = decoy.post(f"/persons/duplicates/{row.pk}/dismiss/")
    assert again.status_code == 302 and again["Location"] == "/persons/duplicates/"
    assert queued_messages(again) == [
        "This pair was already marked as not the same person. Nothing was changed."
    ]
    assert _written() == before


def test_merging_them_keeps_one_record_with_both_names_and_writes_nothing() -> None:
    _real, decoy = real_and_decoy(Role.COORDINATOR)
    first, second, other = _entered(decoy)
    [(row, _sides, _suggested)] = decoy.get("/persons/duplicates/").context["rows"]
    before = _written()
    answer = decoy.post(f"/persons/duplicates/{row.pk}/merge/", {"survivor": second})
    assert answer.status_code == 302 and answer["Location"] == f"/persons/{second}/"
    assert queued_messages(answer) == ["Merged. Every name, report and contact was kept."]
    assert decoy.get("/persons/duplicates/").context["rows"] == []
    # The record kept has both spellings and both reports; the other leads to it.
    page = decoy.get(f"/persons/{second}/").content.decode()
    assert "Layla" in page and "Leila" in page and "Hadiya" in page and "Samir" in page
    assert decoy.get(f"/persons/{first}/")["Location"] == f"/persons/{second}/"
    listed = {str(p.pk) for p in decoy.get("/persons/").context["persons"]}
    assert listed == {second, other}
    # Sent again: told it was merged, and shown the record they became.
    again = decoy.post(f"/persons/duplicates/{row.pk}/merge/")
    assert again.status_code == 302 and again["Location"] == f"/persons/{second}/"
    assert _written() == before


def test_a_merge_is_listed_on_the_record_kept_and_undone_as_a_real_one() -> None:
    real, decoy = real_and_decoy(Role.COORDINATOR)
    pages = []
    for client in (real, decoy):
        first, second, _other = _entered(client)
        [(row, _s, _g)] = client.get("/persons/duplicates/").context["rows"]
        client.post(f"/persons/duplicates/{row.pk}/merge/", {"survivor": first})
        pages.append((client, first, second, client.get(f"/persons/{first}/")))
    (_real, *_ids, real_page), (_decoy, first, second, page) = pages
    [real_merge], [merge] = real_page.context["page"].merges, page.context["page"].merges
    assert merge.undone_at is None and "Undo merge" in page.content.decode()
    assert f'action="/persons/merges/{merge.pk}/undo/"' in page.content.decode()
    assert "Undo merge" in real_page.content.decode()
    before = _written()
    undone = decoy.post(f"/persons/merges/{merge.pk}/undo/")
    assert undone.status_code == 302 and undone["Location"] == f"/persons/{first}/"
    assert queued_messages(undone) == ["Merge undone: both records are as they were."]
    # Both records as they were, each listed, and the pair waiting again.
    kept = decoy.get(f"/persons/{first}/").content.decode()
    assert "Layla" in kept and "Leila" not in kept and "Samir" not in kept
    back = decoy.get(f"/persons/{second}/")
    assert back.status_code == 200 and "Leila" in back.content.decode()
    assert len(decoy.get("/persons/").context["persons"]) == 3
    assert [r.pk for r, _s, _g in decoy.get("/persons/duplicates/").context["rows"]] == [row.pk]
    again = decoy.post(f"/persons/merges/{merge.pk}/undo/")
    assert queued_messages(again) == ["This merge was undone already."]
    assert again["Location"] == f"/persons/{first}/"
    # A real merge is not its own to undo.
    assert decoy.post(f"/persons/merges/{real_merge.pk}/undo/").status_code == 404
    assert _written() == before


def test_the_api_merges_and_keeps_apart_as_a_real_one() -> None:
    both = ApiPair.of_role(Role.COORDINATOR)
    for name, given, family in (
        ("a1", "Layla", "Hassan"),
        ("a2", "Leila", "Hasan"),
        ("b1", "Xelîl", "Şingalî"),
        ("b2", "Khalil", "Shingali"),
    ):
        intake = {
            "person": {"given_names": [given], "family_names": [family], "sex": "f"},
            "report": {"reporter_name": "Hadiya", "relationship": "sister"},
        }
        real, answer = both.send("post", "/api/persons/", intake)
        both.keep(name, real.json()["id"], answer.json()["id"])
    real, answer = both.real.get("/api/duplicates/"), both.decoy.get("/api/duplicates/")
    assert _listed(both, answer) == _listed(both, real) and len(answer.json()) == 2

    def pair_id(listed: Any, side: int, name: str) -> str:
        ids = {both.ids[f"{name}1"][side], both.ids[f"{name}2"][side]}
        return str(
            next(r["id"] for r in listed.json() if {r["left"]["id"], r["right"]["id"]} == ids)
        )

    for name in ("a", "b"):
        both.keep(name, pair_id(real, 0, name), pair_id(answer, 1, name))
    real, answer = both.send("post", "/api/duplicates/{a}/merge/", {"survivor": "{a1}"})
    assert answer.json()["survivor"] == both.ids["a1"][1]
    assert answer.json()["merged"] == both.ids["a2"][1]
    both.keep("merge", real.json()["id"], answer.json()["id"])
    both.send("post", "/api/merges/{merge}/undo/")
    both.send("post", "/api/merges/{merge}/undo/")  # undone already: refused, as a real
    both.send("get", "/api/persons/{a2}/")  # back as she was
    real, answer = both.send("post", "/api/duplicates/{a}/merge/", {"survivor": "{a1}"})
    both.send("post", "/api/duplicates/{a}/merge/", {})  # merged already: refused, as a real
    both.send("post", "/api/duplicates/{a}/dismiss/")
    both.send("post", "/api/duplicates/{b}/merge/", {"survivor": "{a1}"})  # not of the pair
    real = both.real.post(f"/api/duplicates/{both.ids['b'][0]}/dismiss/")
    before = _written()
    answer = both.decoy.post(f"/api/duplicates/{both.ids['b'][1]}/dismiss/")
    assert _written() == before
    assert answer.status_code == real.status_code == 200
    assert answer.json()["status"] == "dismissed"
    assert both.blank(_oldest_left(answer.json())) == both.blank(_oldest_left(real.json()))
    real, answer = both.send("get", "/api/duplicates/")
    assert answer.json() == []
    both.send("get", "/api/persons/{a2}/")  # the merged record answers as her survivor


def test_no_real_person_nor_pair_reaches_its_queue() -> None:
    real, decoy = real_and_decoy(Role.COORDINATOR)
    real_first, real_second, _other = _entered(real)
    [(real_row, _s, _g)] = real.get("/persons/duplicates/").context["rows"]
    # Another decoy session's persons are not its own either.
    reported(decoy_client(make_user("watched-too", Role.COORDINATOR), DURESS), SECOND)
    first = reported(decoy, FIRST)  # one record only: no pair of its own
    before = _written()
    page = decoy.get("/persons/duplicates/")
    assert page.context["rows"] == []
    assert "No suspected duplicates waiting." in page.content.decode()
    for real_id in (real_first, real_second):
        assert real_id not in page.content.decode()
    assert decoy.get("/api/duplicates/").json() == []
    # A real pair's id is not found, whatever the decision.
    for decision in ("merge", "dismiss"):
        assert decoy.post(f"/persons/duplicates/{real_row.pk}/{decision}/").status_code == 404
        assert decoy.post(f"/api/duplicates/{real_row.pk}/{decision}/").status_code == 404
    assert _written() == before
    assert first in decoy.get("/persons/").content.decode()


def _her_twice() -> ApiPair:
    """Each side's two records of her, entered through the API (``{a1}``, ``{a2}``)."""
    both = ApiPair.of_role(Role.COORDINATOR)
    for name, given, family in (("a1", "Layla", "Hassan"), ("a2", "Leila", "Hasan")):
        intake = {
            "person": {"given_names": [given], "family_names": [family], "sex": "f"},
            "report": {"reporter_name": "Hadiya", "relationship": "sister"},
        }
        real, answer = both.send("post", "/api/persons/", intake)
        both.keep(name, real.json()["id"], answer.json()["id"])
    return both


def _their_pair(both: ApiPair) -> None:
    """Each side's pair of her records, as ``{pair}`` (each side lists its two records in
    the order of their random ids)."""
    [real_pair], [pair] = (
        both.real.get("/api/duplicates/").json(),
        both.decoy.get("/api/duplicates/").json(),
    )
    both.keep("pair", real_pair["id"], pair["id"])


def test_a_merge_moves_her_rescue_requests_and_location_reports_and_undo_takes_them_back() -> None:
    """As a real merge points every other app's rows at the record kept: a coerced decoy
    looking for her request after a merge finds it on her record, as on a real one."""
    import datetime

    from django.utils import timezone

    from safepassage.intel.tests.test_decoy_api import GRADED

    both = _her_twice()
    when = (timezone.now() - datetime.timedelta(hours=3)).isoformat()
    call = {"occurred_at": when, "channel": "phone"}
    real, answer = both.send("post", "/api/persons/{a2}/contacts/", call)
    both.keep("call", real.json()["id"], answer.json()["id"])
    rescue = {"person": "{a2}", "contacts": ["{call}"], "pickup_text": "The old mill"}
    real, answer = both.send("post", "/api/verification/requests/", rescue)
    both.keep("request", real.json()["id"], answer.json()["id"])
    sighting = {**GRADED, "person": "{a2}", "source_contact": "{call}", "place_text": "A farm"}
    assert both.send("post", "/api/intel/location-reports/", sighting)[1].status_code == 201
    _their_pair(both)

    real, answer = both.send("post", "/api/duplicates/{pair}/merge/", {"survivor": "{a1}"})
    both.keep("merge", real.json()["id"], answer.json()["id"])
    _real, answer = both.send("get", "/api/verification/requests/{request}/")
    assert answer.json()["person"] == both.ids["a1"][1]
    _real, answer = both.send("get", "/api/intel/location-reports/?person={a1}")
    assert len(answer.json()) == 1

    both.send("post", "/api/merges/{merge}/undo/")
    _real, answer = both.send("get", "/api/verification/requests/{request}/")
    assert answer.json()["person"] == both.ids["a2"][1]
    _real, answer = both.send("get", "/api/intel/location-reports/?person={a2}")
    assert len(answer.json()) == 1
    assert both.send("get", "/api/intel/location-reports/?person={a1}")[1].json() == []


@pytest.mark.parametrize("replaced", [False, True], ids=["as merged", "replaced since"])
def test_her_photo_moves_to_the_record_kept_and_back_on_undo_as_a_real_ones(
    replaced: bool,
) -> None:
    """Undone, her photo goes back to her, unless the record kept has another one since:
    that one stays, and she has none (as a real undo)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from safepassage.tracing.tests.test_decoy_person_page import PNG

    other_png = PNG + b"-another"
    real, decoy = real_and_decoy(Role.COORDINATOR)
    seen = []
    for client in (real, decoy):
        first, second, _other = _entered(client)
        upload = SimpleUploadedFile("me.png", PNG, content_type="image/png")
        sent = client.post(f"/persons/{second}/photo/upload/", {"photo": upload, "consent": "1"})
        assert sent.status_code == 302
        [(row, _s, _g)] = client.get("/persons/duplicates/").context["rows"]
        client.post(f"/persons/duplicates/{row.pk}/merge/", {"survivor": first})
        shown = client.get(f"/persons/{first}/photo/")
        if replaced:
            upload = SimpleUploadedFile("new.png", other_png, content_type="image/png")
            client.post(f"/persons/{first}/photo/upload/", {"photo": upload, "consent": "1"})
        [merge] = client.get(f"/persons/{first}/").context["page"].merges
        client.post(f"/persons/merges/{merge.pk}/undo/")
        kept = client.get(f"/persons/{first}/photo/")
        seen.append(
            (
                shown.status_code,
                shown.content == PNG,
                kept.status_code,
                kept.content == other_png,
                'class="photo"' in client.get(f"/persons/{second}/").content.decode(),
                client.get(f"/persons/{second}/photo/").content == PNG,
            )
        )
    # On the record kept once merged; once undone, back on hers (or the new one stays).
    expected = (
        (200, True, 200, True, False, False) if replaced else (200, True, 404, False, True, True)
    )
    assert seen[1] == seen[0] == expected


def _care_shape(html: str) -> list[str]:
    """A care page's links and forms, ids blanked, and what it lists (names, services)."""
    found = re.findall(r'<a [^>]*href="(/[^"]*)"|<form [^>]*action="(/[^"]*)"', html)
    shown = re.findall(r"Hadiya|Murad|Clinic \w+|Border post|Checkpoint|Exhausted", html)
    return [ID.sub("ID", link or action) for link, action in found] + shown


def test_her_care_moves_to_the_record_kept_and_back_on_undo_as_a_real_ones() -> None:
    """A real merge points her arrival, relatives, referrals, consents and testimony at the
    record kept (a consent to a purpose the record kept holds already stays behind), and
    undo takes them back: a decoy's care pages, follow-ups and testimony answer the same."""
    import datetime

    from django.test import Client
    from django.utils import timezone

    from safepassage.accounts.models import User
    from safepassage.conftest import sign_in
    from safepassage.operations import clock

    both = _her_twice()
    soon = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    later = (timezone.localdate() + datetime.timedelta(days=9)).isoformat()
    # The record kept has care of its own: an arrival, a referral, consent to care.
    for name, given, family, place, clinic, follow_up in (
        ("a1", "Layla", "Hassan", "Checkpoint", "Clinic Zakho", later),
        ("a2", "Leila", "Hasan", "Border post", "Clinic Duhok", soon),
    ):
        arrival = {
            "given_names": [given],
            "family_names": [family],
            "sex": "f",
            "person": f"{{{name}}}",
            "arrived_on": "2024-06-01" if name == "a1" else "2024-05-20",
            "reception_text": place,
            "condition": "Exhausted",
        }
        assert both.send("post", "/api/aftercare/arrivals/", arrival)[1].status_code == 201
        care = f"/api/aftercare/persons/{{{name}}}/"
        referral = {
            "kind": "medical",
            "service": clinic,
            "she_consents": True,
            "follow_up_on": follow_up,
        }
        real, answer = both.send("post", care + "referrals/", referral)
        both.keep(f"{name}-referral", real.json()["id"], answer.json()["id"])
        consent = {"purpose": "care", "language": "ku"}
        assert both.send("post", care + "consents/", consent)[1].status_code == 201
    # Hers alone: a relative, consent to her testimony, and her testimony.
    care = "/api/aftercare/persons/{a2}/"
    real, answer = both.send("post", care + "family/", {"name": "Murad", "relationship": "father"})
    both.keep("father", real.json()["id"], answer.json()["id"])
    real, answer = both.send("post", care + "consents/", {"purpose": "testimony", "language": "ku"})
    both.keep("consent", real.json()["id"], answer.json()["id"])
    account = {"account": "They took us from the village.", "language": "ku"}
    real, answer = both.send("post", care + "testimony/", account)
    both.keep("testimony", real.json()["id"], answer.json()["id"])
    _their_pair(both)
    real_pages = Client()
    sign_in(real_pages, User.objects.get(username=both.names[0]))

    def same_everywhere(count: int) -> None:
        for name in ("a1", "a2"):
            both.send("get", f"/api/aftercare/persons/{{{name}}}/")
            real_html = real_pages.get(f"/aftercare/persons/{both.ids[name][0]}/")
            html = both.decoy.get(f"/aftercare/persons/{both.ids[name][1]}/")
            assert html.status_code == real_html.status_code == 200
            assert _care_shape(html.content.decode()) == _care_shape(real_html.content.decode())
        assert len(both.send("get", "/api/aftercare/persons/{a1}/")[1].json()["arrivals"]) == count
        both.send("get", "/api/aftercare/testimony/{testimony}/")
        both.send("get", "/api/aftercare/referrals/{a2-referral}/")
        with clock.frozen_at(timezone.now() + datetime.timedelta(days=3)):
            _real, answer = both.send("get", "/api/aftercare/followups/")
        assert len(answer.json()) == 1

    same_everywhere(1)
    real, answer = both.send("post", "/api/duplicates/{pair}/merge/", {"survivor": "{a1}"})
    both.keep("merge", real.json()["id"], answer.json()["id"])
    # On the record kept: both arrivals, both referrals, her relative, her testimony and
    # its consent (her consent to care stays behind: the record kept has one).
    same_everywhere(2)
    # What moved is hers to move on, as on a real record.
    notify = {"how": "phone", "note": "Told by phone"}
    assert both.send("post", "/api/aftercare/family/{father}/notify/", notify)[1].status_code == 200
    withdraw = "/api/aftercare/consents/{consent}/withdraw/"
    assert both.send("post", withdraw, {})[1].status_code == 200
    both.send("post", "/api/merges/{merge}/undo/")
    same_everywhere(1)
    assert both.send("get", "/api/aftercare/persons/{a2}/")[1].json()["family"][0]["stage"] == (
        "notified"
    )
