"""A decoy's location report form, sent again, adds nothing more, as a real one: it opens her
location reports and says the form was already saved (a decoy must not answer otherwise)."""

from __future__ import annotations

import pytest

from safepassage.accounts.models import Role
from safepassage.conftest import decoy_client, make_user
from safepassage.intel.tests.test_decoy_location_reports import (
    _contact,
    _new_person,
    _reports_page,
)
from safepassage.tests.decoy import form_token, token_in

pytestmark = pytest.mark.django_db

AGAIN = "This form was already saved. It was not saved again."


def test_a_decoys_location_report_sent_again_is_not_listed_twice() -> None:
    decoy = decoy_client(make_user("watched", Role.CASEWORKER), "blue-river-duress-77")
    person_id = _new_person(decoy)
    page = _reports_page(person_id)
    data = {
        "source_contact": _contact(decoy, person_id),
        "place_text": "the north farm by the river",
        "source_reliability": "C",
        "info_credibility": "3",
    }
    token = form_token(decoy, page)
    wrong = decoy.post(page, {**data, "latitude": "91", "longitude": "10", "submission": token})
    assert wrong.status_code == 400 and token_in(wrong.content.decode()) == token

    first = decoy.post(page, {**data, "submission": token})
    assert first.status_code == 302
    again = decoy.post(page, {**data, "submission": token})
    assert again.status_code == 302 and again["Location"] == first["Location"]
    listed = decoy.get(again["Location"]).content.decode()
    assert AGAIN in listed
    assert listed.count("the north farm by the river") == 1

    fresh = token_in(listed)
    assert fresh != token
    assert decoy.post(page, {**data, "submission": fresh}).status_code == 302
    assert decoy.get(page).content.decode().count("the north farm by the river") == 2
