"""A decoy's pretend testimony opens its own page, as a real one does, and writes nothing.

The real answer to a testimony kept is its page: the decoy's opens at an address of the same
pattern with a random id, shows what was "recorded" as a real page shows it, and is listed on
her care page; it lives in the decoy's session only, and no one else finds it there.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.aftercare.models import (
    Arrival,
    Consent,
    FamilyMember,
    Referral,
)
from safepassage.aftercare.models import Testimony as KeptTestimony
from safepassage.aftercare.models import TestimonyReader as KeptReader
from safepassage.aftercare.tests.forms import ARRIVAL, TESTIMONY
from safepassage.audit.models import AuditEvent
from safepassage.conftest import decoy_client, make_user, sign_in
from safepassage.operations.models import Alert
from safepassage.tests.decoy import ID, queued_messages
from safepassage.tracing.models import Person, StatusChange

pytestmark = pytest.mark.django_db

DURESS = "blue-river-duress-77"
TESTIMONY_PAGE = re.compile(r"^/aftercare/testimony/([0-9a-f-]{36})/$")


def _counts() -> dict[str, int]:
    models = (
        Person,
        StatusChange,
        Arrival,
        FamilyMember,
        Referral,
        Consent,
        KeptTestimony,
        KeptReader,
        AuditEvent,
        Alert,
    )
    return {model.__name__: model.objects.count() for model in models}


def _pair(role: str = Role.CASEWORKER) -> tuple[Client, Client]:
    real = Client()
    sign_in(real, make_user("real-one", role))
    return real, decoy_client(make_user("watched", role), DURESS)


def _care(client: Client, *purposes: str) -> str:
    """Her care page after her arrival, with her consent to each of ``purposes``."""
    assert client.post("/aftercare/arrival/", {**ARRIVAL, "decision": "check"}).status_code == 200
    answer = client.post("/aftercare/arrival/", {**ARRIVAL, "decision": "new", "checked": "1"})
    assert answer.status_code == 302
    care = str(answer["Location"])
    for purpose in purposes:
        consent = client.post(f"{care}consents/", {"purpose": purpose, "language": "ar"})
        assert queued_messages(consent) == ["Consent recorded."]
    return care


def _record(real: Client, decoy: Client, real_care: str, care: str) -> tuple[str, str]:
    """The same testimony kept by both: the addresses their answers lead to."""
    real_answer = real.post(f"{real_care}testimony/", TESTIMONY)
    counted = _counts()
    answer = decoy.post(f"{care}testimony/", TESTIMONY)
    assert _counts() == counted  # no row, no reader, no audit event, no alert
    assert answer.status_code == real_answer.status_code == 302
    assert queued_messages(answer) == queued_messages(real_answer)
    assert queued_messages(answer) == ["Testimony kept. Only the users named on it can read it."]
    return str(real_answer["Location"]), str(answer["Location"])


def _main(html: str) -> str:
    """The page's content as a watcher reads it, the ids, codenames and the time of
    recording (a few seconds apart) blanked."""
    main = html[html.index("<main") : html.index("</main>")]
    main = ID.sub("ID", main)
    main = re.sub(r"\b(real-one|watched)\b", "CODENAME", main)
    return re.sub(r"(</a>) · [^·]+ · ", r"\1 · WHEN · ", main, count=1)


def _links(html: str) -> list[str]:
    found = re.findall(r'<a [^>]*href="(/[^"]*)"|<form [^>]*action="(/[^"]*)"', html)
    return [ID.sub("ID", link or action) for link, action in found]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.COORDINATOR])
def test_a_pretend_testimony_opens_its_own_page_as_a_real_one(role: str) -> None:
    real, decoy = _pair(role)
    real_care, care = _care(real, "testimony"), _care(decoy, "testimony")
    real_page, page = _record(real, decoy, real_care, care)
    # The same address pattern, with a random id that is no real testimony's.
    real_match, match = TESTIMONY_PAGE.match(real_page), TESTIMONY_PAGE.match(page)
    assert real_match is not None and match is not None
    pretend_id = uuid.UUID(match.group(1))
    assert pretend_id.version == uuid.UUID(real_match.group(1)).version == 4
    assert not KeptTestimony.objects.filter(pk=pretend_id).exists()

    real_html = real.get(real_page).content.decode()
    counted = _counts()
    opened = decoy.get(page)
    assert _counts() == counted  # reading it writes nothing either (no audit event)
    assert opened.status_code == 200
    html = opened.content.decode()
    assert _main(html) == _main(real_html)
    # What was "recorded" is there, as on the real page.
    for shown in (
        "She was held in a house by the river.",
        "Jan. 1, 2019",
        "March 1, 2020",
        '2019-02-01 · Sold — <span dir="auto">in the market</span>',
        "2020-03-01 · Escaped or released",
        "Not to be shared with investigators.",
        f"<li>watched ({Role(role).label})</li>",  # its only reader: the account it shows
        f'href="{care}"',
    ):
        assert shown in html, shown
    # Her care page lists it, as a real one lists a testimony its user is named on.
    real_care_html = real.get(real_care).content.decode()
    counted = _counts()
    care_html = decoy.get(care).content.decode()
    assert _counts() == counted
    assert f'href="{page}"' in care_html
    assert "No testimony you are named on." not in care_html
    assert _links(care_html) == _links(real_care_html)


def test_each_pretend_testimony_has_its_own_page_and_her_consent_to_sharing_shows() -> None:
    real, decoy = _pair()
    real_care = _care(real, "testimony", "investigators")
    care = _care(decoy, "testimony", "investigators")
    first = _record(real, decoy, real_care, care)
    second = _record(real, decoy, real_care, care)
    assert len({*first, *second}) == 4  # every id its own, none shared with a real one
    for real_page, page in (first, second):
        html = decoy.get(page).content.decode()
        assert "She agreed to sharing with investigators." in html
        assert _main(html) == _main(real.get(real_page).content.decode())
    care_html = decoy.get(care).content.decode()
    listed = re.findall(r'href="(/aftercare/testimony/[0-9a-f-]{36}/)"', care_html)
    assert listed == [first[1], second[1]]  # as recorded, as a real page lists them
    assert _links(care_html) == _links(real.get(real_care).content.decode())


def test_a_refused_pretend_testimony_opens_no_page() -> None:
    real, decoy = _pair()
    real_care, care = _care(real), _care(decoy)  # no consent to recording it
    real_answer = real.post(f"{real_care}testimony/", TESTIMONY)
    counted = _counts()
    answer = decoy.post(f"{care}testimony/", TESTIMONY)
    assert _counts() == counted
    assert answer.status_code == real_answer.status_code == 422
    assert "Record her consent to recording her testimony first." in answer.content.decode()
    assert "No testimony you are named on." in decoy.get(care).content.decode()


def test_no_one_else_finds_a_pretend_testimony_and_the_decoy_finds_no_real_one() -> None:
    real, decoy = _pair()
    real_care, care = _care(real, "testimony"), _care(decoy, "testimony")
    real_page, page = _record(real, decoy, real_care, care)
    other = decoy_client(make_user("watched-too", Role.CASEWORKER), DURESS)
    counted = _counts()
    assert other.get(page).status_code == 404  # another decoy session
    assert decoy.get(real_page).status_code == 404  # a real testimony: it sees none
    assert decoy.get(f"/aftercare/testimony/{uuid.uuid4()}/").status_code == 404
    assert Client().get(page).status_code == 302  # not signed in: to the sign-in page
    assert _counts() == counted
    assert real.get(page).status_code == 404  # a real user: no such testimony
    assert decoy.get(page).status_code == 200


def test_its_readers_are_changed_and_refused_as_on_a_real_testimony() -> None:
    real, decoy = _pair()
    real_care, care = _care(real, "testimony"), _care(decoy, "testimony")
    real_page, page = _record(real, decoy, real_care, care)
    real_reader = str(User.objects.get(username="real-one").pk)
    reader = str(User.objects.get(username="watched").pk)  # the account the decoy shows as
    for real_data, data, said in (
        ({"user": real_reader}, {"user": reader}, "This user is already named."),
        (
            {"user": real_reader, "remove": "1"},
            {"user": reader, "remove": "1"},
            "The last named reader cannot be removed.",
        ),
        ({"user": "nobody"}, {"user": "nobody"}, "Unknown user."),
        ({"user": str(uuid.uuid4())}, {"user": str(uuid.uuid4())}, "Unknown user."),
    ):
        real_answer = real.post(f"{real_page}readers/", real_data)
        counted = _counts()
        answer = decoy.post(f"{page}readers/", data)
        assert _counts() == counted
        assert answer.status_code == real_answer.status_code == 302
        assert answer["Location"] == page and real_answer["Location"] == real_page
        assert queued_messages(answer) == queued_messages(real_answer) == [said]
    # Only its own pretend testimony: any other is not found, as for anyone not named on it.
    other = decoy_client(make_user("watched-too", Role.CASEWORKER), DURESS)
    counted = _counts()
    assert other.post(f"{page}readers/", {"user": reader}).status_code == 404
    assert decoy.post(f"{real_page}readers/", {"user": real_reader}).status_code == 404
    assert _counts() == counted
