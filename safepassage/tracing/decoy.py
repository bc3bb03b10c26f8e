"""A decoy session's pretend persons: what its "new person" saves would have made.

A decoy writes nothing, but its new person (from a report or an arrival) must open, and be
listed, as a real one would; so must what its later "saves" on her page changed (her details,
status, photo, questions and words, contacts, the persons taken with her). All of it is kept
sealed in the decoy's session only (:mod:`safepassage.accounts.decoy`); the pages build
unsaved rows from it, so the person page and list show her without any database row. What
is kept was checked first by the services' own checks (:mod:`safepassage.tracing.services.
pretend`); this module keeps and rebuilds it, and holds the saves the pages and the API share
(each runs the pretend service, then keeps what it returns).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone

from safepassage.accounts import decoy as sealed
from safepassage.accounts.models import User
from safepassage.matching import PersonRecord
from safepassage.tracing.keys import (
    PersonDetails,
    candidate_digests,
    matching_secret,
    person_record,
    record_digests,
    search_digests,
)
from safepassage.tracing.models import (
    NAME_PARTS,
    AuthSecret,
    Contact,
    Merge,
    Person,
    PersonLink,
    PersonStatus,
    Report,
    SecretKind,
    StatusChange,
)
from safepassage.tracing.selectors import (
    SEARCH_LIMIT,
    PersonPage,
    TimelineEntry,
    closest_first,
)
from safepassage.tracing.services import pretend
from safepassage.tracing.services.contacts import AuthCheck, ContactDetails
from safepassage.tracing.services.matching import (
    MAX_SCORED,
    SHOW_THRESHOLD,
    Candidate,
    candidates_scored,
)
from safepassage.tracing.services.merges import fields_undo
from safepassage.tracing.services.persons import (
    IntakeAlreadySaved,
    ReportDetails,
    intake_key,
)

SLOT = "tracing.person"
INTAKE_SLOT = "tracing.intake"  # intake checks saved on: the pretend person each made
PHOTO_SLOT = "tracing.photo"
PHOTOS_KEPT = 3  # photos are large: a session keeps the newest few
# Other apps' pretend records naming her: a merge points them at the record kept, as a real
# one points their rows (her rescue requests, the reports of where she is held).
NAMING_HER = ("verification.request", "intel.location_report")
_PERSON_FIELDS = (
    *NAME_PARTS,
    "nicknames",
    "sex",
    "birth_year",
    "birth_year_uncertainty",
    "community",
    "home_place",
    "home_place_variants",
    "abduction_place",
    "distinguishing_marks",
    "status",
)
_REPORT_FIELDS = (
    "reporter_name",
    "relationship",
    "reporter_phones",
    "reporter_village",
    "preferred_language",
    "names_as_reported",
    "knowledge",
)
_CONTACT_FIELDS = (
    "channel",
    "number_used",
    "location_said",
    "holder_said",
    "condition",
    "children_with_her",
    "what_she_asked",
    "notes",
    "auth_outcome",
    "duress_word_used",
    "all_clear_given",
)


def _when(text: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(text) if text else None


def shown_as(user: User) -> User:
    """Who a decoy's pretend rows name as their author: its owner, whose codename its
    pages show (a real row names the account that saved it)."""
    return user.decoy_of if user.is_decoy and user.decoy_of is not None else user


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return shown_as(user)


def remember(request: HttpRequest, person: Person, report: Report | None = None) -> uuid.UUID:
    """Keep a decoy's unsaved new person (and her first report); returns her pretend id."""
    if person.pk is None:
        person.pk = uuid.uuid4()
    summary: dict[str, Any] = {
        "created_at": timezone.now().isoformat(),
        "report": None,
        "version": 1,
        "statuses": [],
        "contacts": [],
        "secrets": [],
        "links": [],
        "photo": False,
        "photo_consent": False,
    }
    _details_into(summary, person)
    if report is not None:
        summary["report"] = {
            **{name: getattr(report, name) for name in _REPORT_FIELDS},
            "reported_on": report.reported_on.isoformat(),
        }
    sealed.keep(request, SLOT, person.pk, summary)
    return uuid.UUID(str(person.pk))


def _details_into(summary: dict[str, Any], person: Person) -> None:
    summary.update({name: getattr(person, name) for name in _PERSON_FIELDS})
    summary["abducted_on"] = person.abducted_on.isoformat() if person.abducted_on else None


def _person(person_id: str, summary: dict[str, Any]) -> Person:
    # A field added since the summary was kept takes its default.
    person = Person(
        id=uuid.UUID(person_id), **{n: summary[n] for n in _PERSON_FIELDS if n in summary}
    )
    if summary.get("abducted_on"):
        person.abducted_on = datetime.date.fromisoformat(summary["abducted_on"])
    person.created_at = datetime.datetime.fromisoformat(summary["created_at"])
    person.version = summary.get("version", 1)
    person.photo_consent = summary.get("photo_consent", False)
    if summary.get("photo"):
        person.photo = "photo"  # a name only: the bytes stay sealed (see photo())
    return person


def _find(request: HttpRequest, person_id: Any) -> tuple[str, dict[str, Any]] | None:
    """Her kept summary; a pretend person merged into another resolves to that one, as a
    merged record resolves to its survivor."""
    summary = sealed.find(request, SLOT, person_id)
    for _ in range(sealed.KEEP):
        if summary is None or not summary.get("merged_into"):
            break
        person_id = summary["merged_into"]
        summary = sealed.find(request, SLOT, person_id)
    if summary is None or summary.get("merged_into"):
        return None
    key = str(uuid.UUID(str(person_id)))
    if summary.get("photo") and key not in sealed.kept_ids(request, PHOTO_SLOT):
        summary["photo"] = False  # a newer pretend photo pushed hers out
    return key, summary


def person(request: HttpRequest, person_id: Any) -> Person | None:
    """The pretend person of this decoy session with that id, or None."""
    found = _find(request, person_id)
    return _person(*found) if found is not None else None


def persons(request: HttpRequest, status: str = "") -> list[Person]:
    """This decoy session's pretend persons, newest first (as the person list orders); one
    merged into another is not listed, as a merged record is not."""
    found = [(kept, person(request, kept)) for kept in sealed.kept_ids(request, SLOT)]
    return [
        p
        for kept, p in reversed(found)
        if p is not None and str(p.pk) == kept and (not status or p.status == status)
    ]


def persons_found(request: HttpRequest, query: str, status: str = "") -> list[Person]:
    """Its pretend persons as the real list and search find persons: with a query, those
    filed under every name key of it (any spelling, any script: Xelîl finds خليل; her status
    aside, as the real search), closest first; without one, all of them of that status."""
    if not query.strip():
        return persons(request, status=status)
    wanted = set(search_digests(query))
    if not wanted:
        return []
    secret = matching_secret()
    found = [p for p in persons(request) if wanted <= record_digests(person_record(p), secret)]
    return closest_first(query, found[:SEARCH_LIMIT])


def candidates(
    request: HttpRequest,
    record: PersonRecord,
    *,
    among: Callable[[Person], bool] | None = None,
    limit: int = 10,
    threshold: float = SHOW_THRESHOLD,
    within: list[Person] | None = None,
) -> list[Candidate]:
    """Its pretend persons as the real check for matches finds stored persons: those filed
    under a blocking key of ``record`` (``among``: only those it keeps; ``within``: its
    persons, when the caller has them), most keys shared first, scored by the same matcher
    with the same evidence, best first, at or above ``threshold``. Nothing real is read,
    and nothing is written (a real check's audit of what it showed included)."""
    secret = matching_secret()
    wanted = candidate_digests(record, secret)
    if not wanted:
        return []
    shared: list[tuple[int, Person]] = []
    for her in persons(request) if within is None else within:
        if among is None or among(her):
            keys = len(wanted & record_digests(person_record(her), secret))
            if keys:
                shared.append((keys, her))
    shared.sort(key=lambda found: (-found[0], str(found[1].pk)))
    scored = [her for _, her in shared[:MAX_SCORED]]
    return candidates_scored(record, scored, threshold=threshold, limit=limit)


def _contact(her: Person, data: dict[str, Any], by: User) -> Contact:
    contact = Contact(
        id=uuid.UUID(data["id"]),
        person=her,
        occurred_at=datetime.datetime.fromisoformat(data["occurred_at"]),
        taken_by=by,
        **{name: data[name] for name in _CONTACT_FIELDS},
    )
    contact.created_at = datetime.datetime.fromisoformat(data["created_at"])
    return contact


def _secret(her: Person, data: dict[str, Any], by: User) -> AuthSecret:
    secret = AuthSecret(
        id=uuid.UUID(data["id"]),
        person=her,
        kind=data["kind"],
        question=data["question"],
        answer_hash=data["answer_hash"],
        created_by=by,
        retired_at=_when(data["retired_at"]),
    )
    secret.created_at = datetime.datetime.fromisoformat(data["created_at"])
    return secret


def contacts(request: HttpRequest, person_id: Any) -> list[Contact]:
    """Her pretend contacts, oldest first (as a real person's are ordered)."""
    found = _find(request, person_id)
    if found is None:
        return []
    her, by = _person(*found), _user(request)
    return sorted(
        (_contact(her, data, by) for data in found[1].get("contacts", [])),
        key=lambda c: c.occurred_at,
    )


def secrets(request: HttpRequest, person_id: Any) -> list[AuthSecret]:
    """Her pretend questions and agreed words in force, oldest first."""
    found = _find(request, person_id)
    if found is None:
        return []
    her, by = _person(*found), _user(request)
    kept = (_secret(her, data, by) for data in found[1].get("secrets", []))
    return sorted((s for s in kept if s.retired_at is None), key=lambda s: s.created_at)


def all_clear_periods(
    request: HttpRequest, person_id: Any
) -> list[tuple[datetime.datetime, datetime.datetime | None]]:
    """When each of her pretend all-clear words was in force (retired ones too)."""
    found = _find(request, person_id)
    if found is None:
        return []
    return [
        (datetime.datetime.fromisoformat(data["created_at"]), _when(data["retired_at"]))
        for data in found[1].get("secrets", [])
        if data["kind"] == SecretKind.ALL_CLEAR_WORD
    ]


def links(request: HttpRequest, person_id: Any) -> list[PersonLink]:
    """Her pretend links to the persons taken with her that this session still keeps."""
    found = _find(request, person_id)
    if found is None:
        return []
    her = _person(*found)
    out: list[PersonLink] = []
    for data in found[1].get("links", []):
        other = person(request, data["other"])
        if other is not None and other.pk != her.pk:  # one merged into her: no link to herself
            out.append(
                PersonLink(id=uuid.UUID(data["id"]), person=her, other=other, kind=data["kind"])
            )
    return sorted(out, key=lambda link: (link.kind, str(link.pk)))


def photo(request: HttpRequest, person_id: Any) -> bytes | None:
    """Her pretend photo's bytes, if this session still keeps them."""
    kept = sealed.find(request, PHOTO_SLOT, person_id)
    return base64.b64decode(kept["data"]) if kept else None


def _reports(her: Person, summary: dict[str, Any], by: User) -> list[Report]:
    data = summary.get("report")
    if data is None:  # entered without one (the API's): only the reports added since
        return [_report_added(her, kept, by) for kept in summary.get("reports", [])]
    report = Report(
        # One report a pretend person: its id follows from hers, the same on every page.
        id=sealed.derived_id(her.pk, "report"),
        person=her,
        reported_on=datetime.date.fromisoformat(data["reported_on"]),
        received_by=by,
        **{name: data[name] for name in _REPORT_FIELDS},
    )
    report.created_at = her.created_at
    return [report, *(_report_added(her, kept, by) for kept in summary.get("reports", []))]


def _report_added(her: Person, data: dict[str, Any], by: User) -> Report:
    report = Report(
        id=uuid.UUID(data["id"]),
        person=her,
        reported_on=datetime.date.fromisoformat(data["reported_on"]),
        received_by=by,
        **{name: data[name] for name in _REPORT_FIELDS},
    )
    report.created_at = datetime.datetime.fromisoformat(data["at"])
    return report


def reports(request: HttpRequest, person_id: Any) -> list[Report]:
    """Her pretend report (the one she was entered from), if she has one."""
    found = _find(request, person_id)
    if found is None:
        return []
    return _reports(_person(*found), found[1], _user(request))


def report_or_404(request: HttpRequest, person_id: Any, report_id: Any) -> Report:
    """Her pretend report with that id; 404 for any other."""
    found = next((r for r in reports(request, person_id) if str(r.pk) == str(report_id)), None)
    if found is None:
        raise Http404
    return found


def _status_row(her: Person, data: dict[str, Any], by: User, number: int = 0) -> StatusChange:
    kept_id = data.get("id")  # kept with one since; one kept before: from its place
    change = StatusChange(
        id=uuid.UUID(kept_id) if kept_id else sealed.derived_id(her.pk, "status", number),
        person=her,
        from_status=data["from"],
        to_status=data["to"],
        reason=data["reason"],
        reason_key=data.get("reason_key", ""),
        reason_params=data.get("reason_params", {}),
        changed_by=by,
    )
    change.changed_at = datetime.datetime.fromisoformat(data["at"])
    return change


def _status_changes(her: Person, summary: dict[str, Any], by: User) -> list[StatusChange]:
    """Her own status changes, from the one she was entered with."""
    first = StatusChange(
        id=sealed.derived_id(her.pk, "status"),
        person=her,
        from_status="",
        to_status=(summary["statuses"][0]["from"] if summary.get("statuses") else her.status)
        or PersonStatus.MISSING,
        changed_by=by,
    )
    first.changed_at = her.created_at
    return [
        first,
        *(
            _status_row(her, data, by, number)
            for number, data in enumerate(summary.get("statuses", []), start=1)
        ),
    ]


def page(request: HttpRequest, person_id: Any) -> PersonPage | None:
    """Her person page as a real one after the same saves: details, timeline, questions."""
    found = _find(request, person_id)
    if found is None:
        return None
    summary = found[1]
    her, by = _person(*found), _user(request)
    changes = [
        *_status_changes(her, summary, by),
        # A pretend person merged into her brought hers, as a real merge moves them.
        *(_status_row(her, data, by) for data in summary.get("statuses_moved", [])),
    ]
    timeline: list[TimelineEntry] = []  # as a real page: reports, contacts, statuses, by time
    for report in _reports(her, summary, by):
        at = datetime.datetime.combine(report.reported_on, datetime.time.min, tzinfo=datetime.UTC)
        timeline.append(TimelineEntry("report", at, report))
    timeline.extend(
        TimelineEntry("contact", c.occurred_at, c) for c in contacts(request, person_id)
    )
    timeline.extend(TimelineEntry("status", c.changed_at, c) for c in changes)
    timeline.sort(key=lambda e: e.at)
    in_force = secrets(request, person_id)
    return PersonPage(
        person=her,
        timeline=timeline,
        questions=[s for s in in_force if s.kind == SecretKind.QUESTION],
        words_agreed=any(s.kind == SecretKind.DURESS_WORD for s in in_force),
        links=[(link.get_kind_display(), link.other) for link in links(request, person_id)],
        merges=sorted(
            (_merge_row(her, data) for data in summary.get("merges", [])),
            key=lambda m: m.merged_at,
            reverse=True,
        ),
    )


# --- what a decoy's later "saves" changed ----------------------------------------------------


def _change(request: HttpRequest, person_id: Any, change: Callable[[dict[str, Any]], None]) -> None:
    found = _find(request, person_id)
    if found is None:
        return
    key, summary = found
    change(summary)
    sealed.keep(request, SLOT, key, summary)


def details_keep(request: HttpRequest, edited: Person) -> None:
    """Keep her edited details (and the version the edit moved her to)."""

    def change(summary: dict[str, Any]) -> None:
        _details_into(summary, edited)
        summary["version"] = edited.version

    _change(request, edited.pk, change)


def _status_kept(status: StatusChange) -> dict[str, Any]:
    return {
        "id": str(status.pk),
        "from": status.from_status,
        "to": status.to_status,
        "reason": status.reason,
        "reason_key": status.reason_key,
        "reason_params": status.reason_params or {},
        "at": status.changed_at.isoformat(),
    }


def status_keep(request: HttpRequest, status: StatusChange) -> None:
    """Keep a status change (by hand, or by a flow such as a reunion, its reason then a
    sentence in each reader's language): her status moves on, as her version does."""

    def change(summary: dict[str, Any]) -> None:
        summary.setdefault("statuses", []).append(_status_kept(status))
        summary["status"] = status.to_status
        summary["version"] = summary.get("version", 1) + 1

    _change(request, status.person_id, change)


def secrets_keep(request: HttpRequest, person_id: Any, new: list[AuthSecret]) -> None:
    """Keep new questions or words; new words retire the words in force (kept, with when)."""
    now = timezone.now().isoformat()

    def change(summary: dict[str, Any]) -> None:
        kept = summary.setdefault("secrets", [])
        if any(s.kind != SecretKind.QUESTION for s in new):
            for data in kept:
                if data["kind"] != SecretKind.QUESTION and data["retired_at"] is None:
                    data["retired_at"] = now
        kept.extend(
            {
                "id": str(s.pk),
                "kind": s.kind,
                "question": s.question,
                "answer_hash": s.answer_hash,
                "created_at": s.created_at.isoformat(),
                "retired_at": None,
            }
            for s in new
        )

    _change(request, person_id, change)


def contact_keep(request: HttpRequest, contact: Contact) -> None:
    """Keep a logged contact as it would be stored (her answers only as pass or fail)."""

    def change(summary: dict[str, Any]) -> None:
        summary.setdefault("contacts", []).append(
            {
                "id": str(contact.pk),
                "occurred_at": contact.occurred_at.isoformat(),
                "created_at": contact.created_at.isoformat(),
                **{name: getattr(contact, name) for name in _CONTACT_FIELDS},
            }
        )

    _change(request, contact.person_id, change)


def photo_keep(request: HttpRequest, person_id: Any, data: bytes | None, consent: bool) -> None:
    """Keep her photo (None: removed) and the consent to showing it."""
    if data is None:
        sealed.forget(request, PHOTO_SLOT, person_id)
    else:
        sealed.keep(
            request,
            PHOTO_SLOT,
            person_id,
            {"data": base64.b64encode(data).decode()},
            at_most=PHOTOS_KEPT,
        )

    def change(summary: dict[str, Any]) -> None:
        summary["photo"] = data is not None
        summary["photo_consent"] = consent
        summary["version"] = summary.get("version", 1) + 1

    _change(request, person_id, change)


def photo_consent_keep(request: HttpRequest, person_id: Any, consent: bool) -> None:
    """Her recorded consent shows or hides her photo (as a real consent sets the flag)."""

    def change(summary: dict[str, Any]) -> None:
        summary["photo_consent"] = consent

    _change(request, person_id, change)


def link_keep(request: HttpRequest, link: PersonLink) -> None:
    """Keep that a person of this session was taken with her."""

    def change(summary: dict[str, Any]) -> None:
        summary.setdefault("links", []).append(
            {"id": str(link.pk), "other": str(link.other_id), "kind": link.kind}
        )

    _change(request, link.person_id, change)


def link_forget(request: HttpRequest, link: PersonLink) -> None:
    """Forget one of her pretend links."""

    def change(summary: dict[str, Any]) -> None:
        summary["links"] = [d for d in summary.get("links", []) if d["id"] != str(link.pk)]

    _change(request, link.person_id, change)


def merge_keep(
    request: HttpRequest, merge: Merge, change: StatusChange | None, *, pair: Any = None
) -> None:
    """Keep a pretend merge as a real one stores it: the survivor's details as it left them
    (and its status change, if any); the merged person's reports, contacts, questions and
    words, links and status history move to her (a link she has already, or one to herself,
    stays behind); the merged person is no longer listed and her id leads to the survivor.
    The merge is listed on the survivor's page, with what undo needs (``pair``: the queued
    pair it decided, back in the queue once undone)."""
    survivor, merged, by = merge.survivor, merge.merged, _user(request)
    found = sealed.find(request, SLOT, merged.pk)
    if found is None:
        return
    found["version"] = found.get("version", 1) + 1  # as a merge moves the merged record's on
    key = str(merged.pk)
    reports = list(found.get("reports", []))
    if found.get("report") is not None:  # her first report, under the id it has always had
        reports.insert(
            0,
            {
                **found["report"],
                "id": str(sealed.derived_id(key, "report")),
                "at": found["created_at"],
            },
        )

    statuses = [
        _status_kept(c)
        for c in (
            *_status_changes(merged, found, by),
            *(_status_row(merged, data, by) for data in found.get("statuses_moved", [])),
        )
    ]

    elsewhere = _naming(request, key)
    care = _care_move(request, key, str(survivor.pk))
    # Her photo, when the survivor has none, moves with the consent to show it.
    survivor_kept = sealed.find(request, SLOT, survivor.pk) or {}
    photo = (  # the digest of the photo moved, None when none moved
        _photo_to(request, key, str(survivor.pk))
        if found.get("photo") and not survivor_kept.get("photo")
        else None
    )
    photo_moved = photo is not None

    def change_survivor(summary: dict[str, Any]) -> None:
        _details_into(summary, survivor)
        summary["version"] = survivor.version
        if photo_moved:
            summary["photo"] = True
            summary["photo_consent"] = found.get("photo_consent", False)
        if change is not None:
            summary.setdefault("statuses", []).append(_status_kept(change))
        summary["reports"] = [*summary.get("reports", []), *reports]
        for name in ("contacts", "secrets"):
            summary[name] = [*summary.get(name, []), *found.get(name, [])]
        summary["statuses_moved"] = [*summary.get("statuses_moved", []), *statuses]
        has = {d["other"] for d in summary.get("links", [])} | {str(survivor.pk)}
        links = [d for d in found.get("links", []) if d["other"] not in has]
        summary["links"] = [*summary.get("links", []), *links]
        moved = [*reports, *found.get("contacts", []), *found.get("secrets", []), *links]
        summary["merges"] = [
            *summary.get("merges", []),
            {
                "id": str(merge.pk),
                "merged": key,
                "at": merge.merged_at.isoformat(),
                "undone_at": None,
                "pair": str(pair or ""),
                "survivor_before": merge.survivor_before,
                "status_change": str(change.pk) if change is not None else "",
                "moved": [d["id"] for d in [*moved, *statuses]],
                "elsewhere": elsewhere,
                "care": care,
                "photo": photo,  # undo takes it back, unless another is there since
                "photo_consent_before": survivor_kept.get("photo_consent", False),
                "merged_before": found,
            },
        ]

    _change(request, survivor.pk, change_survivor)
    moved = ("report", "reports", "contacts", "secrets", "links", "statuses", "statuses_moved")
    sealed.keep(
        request,
        SLOT,
        key,
        {
            **{n: v for n, v in found.items() if n not in moved},
            "merged_into": str(survivor.pk),
            "photo": found.get("photo", False) and not photo_moved,
        },
    )
    _elsewhere_to(request, elsewhere, str(survivor.pk))
    _assess_again(request, [survivor])


def _naming(request: HttpRequest, person_id: str) -> list[list[str]]:
    """The other apps' pretend records naming her, as ``[slot, id]``."""
    return [
        [slot, record_id]
        for slot in NAMING_HER
        for record_id in sealed.kept_ids(request, slot)
        if (sealed.find(request, slot, record_id) or {}).get("person") == person_id
    ]


def _elsewhere_to(request: HttpRequest, records: list[list[str]], person_id: str) -> None:
    for slot, record_id in records:
        summary = sealed.find(request, slot, record_id)
        if summary is not None:
            sealed.keep(request, slot, record_id, {**summary, "person": person_id})


def _care_move(request: HttpRequest, source: str, target: str) -> dict[str, list[str]]:
    """Her pretend care (arrival, relatives, referrals, consents, testimony) moved to the
    record kept, as a real merge points those rows at it; what moved, for undo."""
    from safepassage.aftercare import decoy as aftercare_decoy  # aftercare imports tracing

    return aftercare_decoy.care_move(request, source, target)


def _care_back(request: HttpRequest, moved: dict[str, list[str]], source: str, target: str) -> None:
    from safepassage.aftercare import decoy as aftercare_decoy

    aftercare_decoy.care_back(request, moved, source, target)


def _photo_to(request: HttpRequest, source: str, target: str) -> str | None:
    """Move her photo to another record; the digest of what moved (None: she has none)."""
    kept = sealed.find(request, PHOTO_SLOT, source)
    if kept is None:
        return None
    sealed.keep(request, PHOTO_SLOT, target, kept, at_most=PHOTOS_KEPT)
    sealed.forget(request, PHOTO_SLOT, source)
    return _digest(kept)


def _digest(kept: dict[str, Any] | None) -> str | None:
    return hashlib.sha256(kept["data"].encode()).hexdigest() if kept is not None else None


def _assess_again(request: HttpRequest, persons: list[Person]) -> None:
    """Her open pretend requests assessed again, as a real merge or undo has the trap check
    see what moved."""
    from safepassage.verification import decoy as verification_decoy

    for her in persons:
        verification_decoy.assess_again(request, person=her, trigger="merge")


def _merge_row(her: Person, data: dict[str, Any]) -> Merge:
    merge = Merge(
        id=uuid.UUID(data["id"]),
        survivor=her,
        merged=Person(id=uuid.UUID(data["merged"])),
        survivor_before=data["survivor_before"],
        undone_at=_when(data["undone_at"]),
    )
    merge.merged_at = datetime.datetime.fromisoformat(data["at"])
    return merge


def _merges(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    """Every pretend merge this session keeps, with its survivor's id."""
    found: list[tuple[str, dict[str, Any]]] = []
    for kept in sealed.kept_ids(request, SLOT):
        summary = sealed.find(request, SLOT, kept)
        found.extend((kept, data) for data in (summary or {}).get("merges", []))
    return found


def merge_or_404(request: HttpRequest, merge_id: Any) -> Merge:
    """Its pretend merge with that id; 404 for any other, as for a merge one may not undo."""
    for key, data in _merges(request):
        if data["id"] == str(merge_id):
            return _merge_row(_person(key, sealed.find(request, SLOT, key) or {}), data)
    raise Http404


def merge_undo(request: HttpRequest, *, actor: User, merge: Merge) -> tuple[Merge, str]:
    """One of its pretend merges undone as a real one is (the same refusals): the merged
    person is back as she was, and what the merge brought leaves the survivor, whose fields
    are put back except what changed since. Returns the merge and the pair it decided."""
    merges = _merges(request)
    key, data = next((k, d) for k, d in merges if d["id"] == str(merge.pk))
    kept_summary = sealed.find(request, SLOT, key) or {}
    her = _person(key, kept_summary)
    merge = pretend.merge_undo_pretend(
        actor=actor,
        merge=merge,
        later=lambda: any(
            d["undone_at"] is None and d["at"] > data["at"] and key in (k, d["merged"])
            for k, d in merges
        ),
        survivor_merged=bool(kept_summary.get("merged_into")),
    )
    fields_undo(her, data["survivor_before"])
    moved = set(data["moved"])
    # Her photo goes back unless the one kept has another since (as a real undo).
    photo_back = bool(data.get("photo")) and data["photo"] == _digest(
        sealed.find(request, PHOTO_SLOT, key)
    )
    undone_at = (merge.undone_at or timezone.now()).isoformat()

    def change(summary: dict[str, Any]) -> None:
        _details_into(summary, her)
        summary["version"] = summary.get("version", 1) + 1
        for name in ("reports", "contacts", "secrets", "links", "statuses_moved"):
            summary[name] = [d for d in summary.get(name, []) if d["id"] not in moved]
        statuses = summary.get("statuses", [])
        last = statuses[-1] if statuses else None
        if last and last["id"] == data["status_change"] and summary["status"] == last["to"]:
            # Her status is put back unless it moved on since (as a real undo does).
            summary["status"] = data["survivor_before"].get("status", last["from"])
            summary["statuses"] = statuses[:-1]
        summary["merges"] = [
            {**d, "undone_at": undone_at} if d["id"] == data["id"] else d
            for d in summary.get("merges", [])
        ]
        if photo_back:
            summary["photo"] = False
            summary["photo_consent"] = data.get("photo_consent_before", False)

    _change(request, key, change)
    if photo_back:
        _photo_to(request, key, data["merged"])
    back = data["merged_before"]
    sealed.keep(
        request,
        SLOT,
        data["merged"],
        {
            **back,
            "version": back.get("version", 1) + 1,
            "photo": sealed.find(request, PHOTO_SLOT, data["merged"]) is not None,
        },
    )
    _elsewhere_to(request, data.get("elsewhere", []), data["merged"])
    _care_back(request, data.get("care", {}), key, data["merged"])
    merged = person(request, data["merged"])
    _assess_again(request, [her, *([merged] if merged is not None else [])])
    return merge, data["pair"]


# --- a decoy's saves on its pretend persons, for the pages and the API alike ----------------
# Each runs the pretend service (the real service's checks: its errors come back word for
# word) and keeps what it returns; any other id than its own pretend rows' is not found, as
# a record a real user may not see.


def person_enter(
    request: HttpRequest,
    *,
    actor: User,
    details: PersonDetails,
    report: ReportDetails | None,
    once: str = "",
) -> Person:
    """A new person (with her first report, or without one as the API allows).

    ``once``, as :func:`~safepassage.tracing.services.intake_submit` and
    :func:`~safepassage.tracing.services.person_create` take it: the same intake check (or
    API request) saved again makes no second pretend person, and raises
    :class:`~safepassage.tracing.services.IntakeAlreadySaved` naming the first.
    """
    first: Report | None = None
    if report is not None:
        first = pretend.intake_pretend(actor=actor, details=details, report=report)
        new = first.person
    else:
        new = pretend.person_pretend(actor=actor, details=details)
    saved_on = (
        sealed.derived_id(INTAKE_SLOT, intake_key(actor=actor, once=once, details=details))
        if once
        else None
    )
    earlier = sealed.find(request, INTAKE_SLOT, saved_on) if saved_on else None
    if earlier is not None and person(request, earlier["person"]) is not None:
        raise IntakeAlreadySaved(uuid.UUID(earlier["person"]))
    remember(request, new, first)
    if saved_on is not None:
        sealed.keep(request, INTAKE_SLOT, saved_on, {"person": str(new.pk)})
    return new


def report_add(
    request: HttpRequest,
    *,
    actor: User,
    person: Person,
    report: ReportDetails,
    details: PersonDetails | None = None,
    once: str = "",
) -> Report:
    """A further report on her (``details``: the names it gives, as the intake's "same
    person" and the API's report with names add her new spellings).

    ``once``: the same request saved again adds no second report, and raises
    :class:`~safepassage.tracing.services.IntakeAlreadySaved` naming the first.
    """
    saved_on = (
        sealed.derived_id(
            INTAKE_SLOT, intake_key(actor=actor, once=once, details=details or PersonDetails())
        )
        if once
        else None
    )
    earlier = sealed.find(request, INTAKE_SLOT, saved_on) if saved_on else None
    if earlier is not None and earlier.get("report"):
        raise IntakeAlreadySaved(uuid.UUID(earlier["person"]), report_id=earlier["report"])
    row = pretend.report_pretend(actor=actor, person=person, details=details, report=report)
    kept = {
        **{name: getattr(row, name) for name in _REPORT_FIELDS},
        "id": str(row.pk),
        "reported_on": row.reported_on.isoformat(),
        "at": row.created_at.isoformat(),
    }

    def change(summary: dict[str, Any]) -> None:
        summary["reports"] = [*summary.get("reports", []), kept]

    _change(request, person.pk, change)
    if details is not None:
        details_keep(request, person)
    if saved_on is not None:
        sealed.keep(
            request, INTAKE_SLOT, saved_on, {"person": str(person.pk), "report": str(row.pk)}
        )
    return row


def spellings_add(
    request: HttpRequest, *, actor: User, person: Person, details: PersonDetails
) -> Person:
    """Her new spellings from an intake's "same person" without a report (the API's)."""
    saved = pretend.spellings_pretend(actor=actor, person=person, details=details)
    details_keep(request, saved)
    return saved


def details_edit(
    request: HttpRequest,
    *,
    actor: User,
    person: Person,
    details: PersonDetails,
    expected_version: int,
    only: frozenset[str] | set[str] | None = None,
) -> Person:
    """Her details replaced (``only``: just those), from the version the editor read."""
    saved = pretend.update_pretend(
        actor=actor, person=person, details=details, expected_version=expected_version, only=only
    )
    details_keep(request, saved)
    return saved


def status_change(
    request: HttpRequest, *, actor: User, person: Person, status: str, reason: str
) -> StatusChange:
    """Her status changed by hand."""
    change = pretend.status_pretend(actor=actor, person=person, status=status, reason=reason)
    status_keep(request, change)
    return change


def question_add(
    request: HttpRequest, *, actor: User, person: Person, question: str, answer: str
) -> AuthSecret:
    """A question only she could answer (its answer kept only as a hash)."""
    secret = pretend.question_pretend(actor=actor, person=person, question=question, answer=answer)
    secrets_keep(request, person.pk, [secret])
    return secret


def words_set(
    request: HttpRequest,
    *,
    actor: User,
    person: Person,
    duress_word: str,
    all_clear_word: str,
    replace: bool = False,
) -> list[AuthSecret]:
    """The duress and all-clear words agreed with her (after a contact; ``replace``: new
    words for the words in force)."""
    new = pretend.words_pretend(
        actor=actor,
        person=person,
        has_contact=bool(contacts(request, person.pk)),
        agreed=any(s.kind == SecretKind.DURESS_WORD for s in secrets(request, person.pk)),
        duress_word=duress_word,
        all_clear_word=all_clear_word,
        replace=replace,
    )
    secrets_keep(request, person.pk, new)
    return new


def contact_log(
    request: HttpRequest, *, actor: User, person: Person, contact: ContactDetails
) -> tuple[Contact, AuthCheck]:
    """A contact with her, her answers checked against her pretend questions and words; her
    open pretend rescue requests are assessed again, as a real contact has them assessed."""
    # Imported here, as the real contact_log reaches verification: it builds on this module.
    from safepassage.verification import decoy as verification_decoy

    row, check = pretend.contact_pretend(
        actor=actor, person=person, contact=contact, secrets=secrets(request, person.pk)
    )
    contact_keep(request, row)
    verification_decoy.assess_again(request, person=person, trigger="contact")
    return row, check


def link_add(
    request: HttpRequest, *, actor: User, person: Person, other_id: Any, kind: str
) -> PersonLink:
    """Another of its pretend persons was taken with her (any other id: not found)."""
    other = person_or_404(request, other_id)
    linked = {link.other_id for link in links(request, person.pk)}
    link = pretend.link_pretend(
        actor=actor, person=person, other=other, kind=kind, linked=lambda: other.pk in linked
    )
    link_keep(request, link)
    return link


def link_remove(request: HttpRequest, *, actor: User, person: Person, link_id: Any) -> None:
    """One of her pretend links removed (any other id: not found)."""
    link = next((k for k in links(request, person.pk) if str(k.pk) == str(link_id)), None)
    if link is None:
        raise Http404
    pretend.link_remove_pretend(actor=actor)
    link_forget(request, link)


def person_or_404(request: HttpRequest, person_id: Any) -> Person:
    """Its pretend person with that id; 404 for any other, as for a record it may not see."""
    found = person(request, person_id)
    if found is None:
        raise Http404
    return found
