"""What the decoy tests share: the report they enter, how they read a page, how they ask the
API as a real account and as a decoy, and how they check for matches as both."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.messages import get_messages

# A family's report of a woman taken, as the intake form posts it.
REPORT = {
    "given_names": "Nareen",
    "father_names": "Qasim",
    "family_names": "Berani",
    "sex": "f",
    "birth": "2001",
    "reporter_name": "Hadiya",
    "relationship": "sister",
}
# The duress password the decoy tests sign in with.
DURESS = "blue-river-duress-77"
# A record's id in a link or form address: pages of two sessions compare with it blanked.
ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def queued_messages(response: Any) -> list[str]:
    """The messages an answer added for the next page, as the user will read them."""
    storage: Any = get_messages(response.wsgi_request)
    return [str(m) for m in storage._queued_messages]


# A form's field errors, as a page shows them.
FORM_ERRORS = re.compile(r'<ul class="errorlist[^"]*"[^>]*>.*?</ul>', re.S)


def answered_alike(real: Any, decoy: Any, sent: Any = None) -> None:
    """A form's answer to a decoy is the real one's: the status, and where it leads with
    the message it leaves, or the same field errors (ids blanked)."""
    assert decoy.status_code == real.status_code, (sent, decoy.content)  # nosec B101
    if decoy.status_code == 302:
        assert ID.sub("ID", decoy["Location"]) == ID.sub("ID", real["Location"])  # nosec B101
        assert queued_messages(decoy) == queued_messages(real)  # nosec B101
    else:
        shown, real_shown = (ID.sub("ID", a.content.decode()) for a in (decoy, real))
        assert FORM_ERRORS.findall(shown) == FORM_ERRORS.findall(real_shown)  # nosec B101


_MAIN = re.compile(r"<main[^>]*>.*?</main>", re.S)
_TOKENS = re.compile(r'name="(csrfmiddlewaretoken|submission)" value="[^"]+"')
# A time shown to the minute: the two sessions' saves may fall either side of one. The date
# stays, so a pretend record shown on another day still differs.
_MINUTE = re.compile(r"(\d{4}-\d{2}-\d{2}) \d{2}:\d{2}")


def main_content(answer: Any) -> str:
    """A page's content, ids, form tokens and the minute blanked: what two sessions see
    alike."""
    found = _MAIN.search(answer.content.decode())
    assert found is not None  # nosec B101
    shown = _TOKENS.sub(r'name="\1" value="TOKEN"', ID.sub("ID", found.group(0)))
    return _MINUTE.sub(r"\1 HH:MM", shown)


_SUBMISSION = re.compile(r'name="submission" value="([^"]+)"')


def token_in(body: str) -> str:
    """The token of the form a page's ``body`` shows (a form saved once carries one)."""
    found = _SUBMISSION.search(body)
    assert found is not None, "the form carries its token"  # nosec B101
    return found.group(1)


def form_token(client: Any, path: str) -> str:
    """The token of the form the page at ``path`` shows."""
    return token_in(client.get(path).content.decode())


def posted_alike(
    real: Any,
    decoy: Any,
    path: str,
    data: dict[str, Any],
    *,
    decoy_path: str | None = None,
    decoy_data: dict[str, Any] | None = None,
    token: bool = False,
) -> tuple[Any, Any]:
    """The same form posted by a real account, then by a decoy: (the real answer, the
    decoy's). The decoy posts to ``decoy_path`` and sends ``decoy_data`` where its own
    records differ from the real side's (``path`` and ``data`` otherwise); with ``token``
    each side first fetches its own form's token. The decoy's post writes nothing (no row,
    no audit event, no alert) and is answered as the real one (:func:`answered_alike`)."""
    decoy_path = path if decoy_path is None else decoy_path
    decoy_data = data if decoy_data is None else decoy_data
    if token:
        data = {**data, "submission": form_token(real, path)}
        decoy_data = {**decoy_data, "submission": form_token(decoy, decoy_path)}
    real_answer = real.post(path, data)
    before = counts()
    answer = decoy.post(decoy_path, decoy_data)
    assert counts() == before, (decoy_path, decoy_data)  # nosec B101
    answered_alike(real_answer, answer, (decoy_path, decoy_data))
    return real_answer, answer


def opened_alike(real: Any, decoy: Any, real_answer: Any, answer: Any) -> str:
    """Where a saved form led each side opens alike (ids and tokens blanked); the decoy's
    page, as it reads."""
    real_page, page = real.get(real_answer["Location"]), decoy.get(answer["Location"])
    assert page.status_code == real_page.status_code == 200  # nosec B101
    assert main_content(page) == main_content(real_page)  # nosec B101
    return str(page.content.decode())


# --- the API: a real account's token and a decoy session, asked the same ---------------------

_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})?$")


def counts() -> dict[str, int]:
    """Rows of every table a decoy's write could reach, audit events and alerts among them."""
    from safepassage.accounts.models import Grant
    from safepassage.aftercare.models import (
        Arrival,
        Consent,
        FamilyMember,
        Referral,
        Testimony,
        TestimonyReader,
    )
    from safepassage.audit.models import AuditEvent
    from safepassage.intel.models import (
        Holder,
        HolderNameKey,
        Incident,
        LocationReport,
        Member,
        MemberStatusChange,
        Place,
        PlaceNameKey,
    )
    from safepassage.operations.models import Alert
    from safepassage.tracing.models import (
        AuthSecret,
        Contact,
        Person,
        PersonLink,
        PhoneSighting,
        Report,
        StatusChange,
    )
    from safepassage.verification.models import Approval, Assessment, RescueRequest

    models: tuple[Any, ...] = (
        Person,
        Report,
        Contact,
        StatusChange,
        AuthSecret,
        PersonLink,
        LocationReport,
        Incident,
        Place,
        PlaceNameKey,
        Holder,
        HolderNameKey,
        Member,
        MemberStatusChange,
        PhoneSighting,
        RescueRequest,
        Assessment,
        Approval,
        Arrival,
        FamilyMember,
        Referral,
        Consent,
        Testimony,
        TestimonyReader,
        Grant,
        AuditEvent,
        Alert,
    )
    return {model.__name__: model.objects.count() for model in models}


class ApiPair:
    """A real account's API token and a decoy's signed-in session, sent the same requests.

    ``{name}`` in an address or a value stands for a record each side made itself (its own
    id, kept with :meth:`keep`). Each decoy request must write nothing (every table's rows,
    audit events and alerts counted before and after) and get the real answer's status, and
    the same JSON once ids, times and the two accounts' codenames are blanked.
    """

    def __init__(self, real: Any, decoy: Any, *, names: tuple[str, str]) -> None:
        self.real, self.decoy = real, decoy
        self.names = names  # the real account's codename, and the one the decoy shows
        self.ids: dict[str, tuple[str, str]] = {}

    def keep(self, name: str, real: Any, decoy: Any) -> None:
        """Remember a record each side made, as ``{name}``."""
        self.ids[name] = (str(real), str(decoy))

    def _fill(self, value: Any, side: int) -> Any:
        if isinstance(value, str):
            for name, pair in self.ids.items():
                value = value.replace("{" + name + "}", pair[side])
            return value
        if isinstance(value, dict):
            return {self._fill(k, side): self._fill(v, side) for k, v in value.items()}
        if isinstance(value, list):
            return [self._fill(v, side) for v in value]
        return value

    def blank(self, value: Any) -> Any:
        """The answer with ids, times and codenames blanked: what must be equal."""
        if isinstance(value, str):
            if ID.fullmatch(value):
                return "ID"
            if _TIME.match(value):
                return "TIME"
            return "ME" if value in self.names else value
        if isinstance(value, dict):
            return {self.blank(k): self.blank(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.blank(v) for v in value]
        return value

    def send(self, method: str, path: str, data: Any = None, **headers: Any) -> tuple[Any, Any]:
        """Send the same request from both sides: (the real answer, the decoy's)."""
        kwargs: dict[str, Any] = {} if data is None else {"content_type": "application/json"}
        real = getattr(self.real, method)(
            self._fill(path, 0), self._fill(data, 0), **kwargs, **self._fill(headers, 0)
        )
        before = counts()
        answer = getattr(self.decoy, method)(
            self._fill(path, 1), self._fill(data, 1), **kwargs, **self._fill(headers, 1)
        )
        assert counts() == before, (method, path)  # no row, no audit event, no alert
        assert answer.status_code == real.status_code, (path, real.content, answer.content)
        if real.content:
            assert self.blank(answer.json()) == self.blank(real.json()), (
                path,
                real.json(),
                answer.json(),
            )
        if answer.status_code < 300 and real.content:
            for found in ID.findall(answer.content.decode()):
                assert uuid.UUID(found).version == 4  # random-looking, as a stored row's
        return real, answer

    @classmethod
    def of_role(cls, role: str) -> ApiPair:
        """A real account of ``role`` with its token, and a decoy session of another account of
        the same role (its duress password set, then used to sign in)."""
        from django.test import Client

        from safepassage.accounts.services import api_token_create
        from safepassage.conftest import decoy_client, make_user

        real = make_user(f"real-{role}", role)
        _, token = api_token_create(actor=None, user=real)
        return cls(
            Client(HTTP_AUTHORIZATION=f"Bearer {token}"),
            decoy_client(make_user(f"watched-{role}", role), DURESS),
            names=(real.username, f"watched-{role}"),
        )


# --- the pages: a real account and a decoy of the same role, doing the same -----------------


def real_and_decoy(role: str) -> tuple[Any, Any]:
    """A real account of ``role`` signed in, and a decoy session of another of that role."""
    from django.test import Client

    from safepassage.conftest import decoy_client, make_user, sign_in

    real = Client()
    sign_in(real, make_user("real-one", role))
    return real, decoy_client(make_user("watched", role), DURESS)


_OPTION = re.compile(r'<option value="([^"]*)"[^>]*>([^<]*)</option>')


def offered(page: str, field: str) -> list[tuple[str, str]]:
    """The choices a form's select ``field`` offers: (id, label), the empty one left out."""
    found = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', page, re.S)
    assert found is not None, field  # nosec B101
    return [(value, label) for value, label in _OPTION.findall(found.group(1)) if value]


def added_on_page(client: Any, path: str, data: dict[str, Any]) -> str:
    """A record added by the form at ``path`` (with the form's own token, if it has one): its
    id, from where the form led."""
    page = client.get(path).content.decode()
    token = _SUBMISSION.search(page)
    answer = client.post(path, {**data, **({"submission": token.group(1)} if token else {})})
    assert answer.status_code == 302, answer.content  # nosec B101
    return str(answer["Location"].split("/")[3])


def links_added(client: Any, *, coordinator: bool, member: str = "member") -> dict[str, str]:
    """What one side adds itself on its pages for a form to link: a place, a holder there and
    (a coordinator) a member, whose id is kept under ``member``; their ids."""
    place = added_on_page(
        client,
        "/intel/places/new/",
        {"kind": "house", "names": "The mill house", "control": "hostile"},
    )
    ids = {
        "place": place,
        "holder": added_on_page(
            client, "/intel/holders/", {"names": "Abu Hamza", "places": [place]}
        ),
    }
    if coordinator:
        ids[member] = added_on_page(
            client, "/intel/members/", {"codename": "wren", "role": "source", "phones": ""}
        )
    return ids


def reported(client: Any, data: dict[str, str]) -> str:
    """Her id, after a report entered at intake (checked, then "new person")."""
    checked = client.post("/persons/new/", {**data, "decision": "check"})
    mark = checked.context["check_mark"]
    answer = client.post("/persons/new/", {**data, "decision": "new", "checked": mark})
    assert answer.status_code == 302  # nosec B101
    return str(answer["Location"].split("/")[2])


# --- checking for matches: a decoy's own pretend persons, as a real account's own ------------


@dataclass(frozen=True)
class MatchCheck:
    """A real account and a decoy session of the same role, each having reported the same
    person, then checked the same names for matches on the same page (``real_*`` is the real
    side's). Each found exactly its own person; the decoy's check wrote nothing."""

    real: Any
    decoy: Any
    real_her: str
    pretend_her: str
    real_check: Any
    check: Any
    real_found: Any
    found: Any
    before: dict[str, int]  # every table's rows before the decoy's check, and after it


def match_check(role: str, *, path: str, reported_as: dict[str, str], names: Any) -> MatchCheck:
    """Both sides report her (``reported_as``), then post ``names`` to ``path`` to check."""
    real, decoy = real_and_decoy(role)
    real_her, pretend_her = reported(real, reported_as), reported(decoy, reported_as)
    real_check = real.post(path, {**names, "decision": "check"})
    before = counts()
    check = decoy.post(path, {**names, "decision": "check"})
    assert counts() == before  # nosec B101
    assert check.status_code == real_check.status_code == 200  # nosec B101
    [real_found] = real_check.context["candidates"]
    [found] = check.context["candidates"]
    assert str(real_found.person.pk) == real_her  # nosec B101
    assert str(found.person.pk) == pretend_her  # nosec B101
    return MatchCheck(
        real, decoy, real_her, pretend_her, real_check, check, real_found, found, before
    )


def reported_by_others(role: str, data: dict[str, str]) -> tuple[Any, str, str]:
    """A decoy session of ``role``, after a real account and another decoy session of that
    role each reported ``data``: (the decoy, the real person's id, the other session's)."""
    from safepassage.conftest import decoy_client, make_user

    real, decoy = real_and_decoy(role)
    real_her = reported(real, data)
    elsewhere = reported(decoy_client(make_user("watched-too", role), DURESS), data)
    return decoy, real_her, elsewhere


def api_pair_with_her(role: str, intake: dict[str, Any]) -> ApiPair:
    """An :class:`ApiPair` of ``role`` after each side entered ``intake`` through the API;
    each side's person is kept as ``{her}``."""
    both = ApiPair.of_role(role)
    real, answer = both.send("post", "/api/persons/", intake)
    both.keep("her", real.json()["id"], answer.json()["id"])
    return both


def api_links_added(both: ApiPair, *, places: bool = True, member: bool = True) -> None:
    """Each side adds through the API a place, ``{place}``, and a holder there, ``{holder}``
    (``places``), and a member, ``{member}`` (``member``: a coordinator)."""
    added = []
    if places:
        added += [
            ("place", "/api/intel/places/", {"kind": "village", "names": ["Tel Qasab"]}),
            ("holder", "/api/intel/holders/", {"names": ["Abu Hamza"], "places": ["{place}"]}),
        ]
    if member:
        added.append(("member", "/api/intel/members/", {"codename": "wren", "role": "source"}))
    for name, path, data in added:
        real, answer = both.send("post", path, data)
        both.keep(name, real.json()["id"], answer.json()["id"])


def api_pair_with_her_called(role: str, intake: dict[str, Any]) -> ApiPair:
    """:func:`api_pair_with_her`, then a phone contact with her three hours ago logged by each
    side through the API, kept as ``{call}``."""
    import datetime

    from django.utils import timezone

    both = api_pair_with_her(role, intake)
    when = (timezone.now() - datetime.timedelta(hours=3)).isoformat()
    real, answer = both.send(
        "post", "/api/persons/{her}/contacts/", {"occurred_at": when, "channel": "phone"}
    )
    both.keep("call", real.json()["id"], answer.json()["id"])
    return both
