"""The compromise report: what a lost member or account could see and did see.

When a member is captured or an account compromised, the network must warn families and move
safe houses. This lists, grouped by kind of record, everything the account *could* see (its
grants, the operations its member was on with their persons, route and team, and role-wide
access: a coordinator's is "all cases") and everything it *did* see or write (the audit log:
events by that account's id, "view"/"view.list" with their ids, "create", "update").
Coordinators only; every showing and export is audited.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q
from django.http import Http404
from django.utils import timezone

from safepassage.accounts.decoy import require_decoy_writer
from safepassage.accounts.models import Grant, User
from safepassage.accounts.permissions import (
    ROLE_CAPABILITIES,
    Capability,
    has_capability,
    require_capability,
)
from safepassage.audit.models import AuditEvent
from safepassage.audit.services import audit_record
from safepassage.intel.models import Member, MemberStatus, Place
from safepassage.operations.models import Operation, TeamMember
from safepassage.operations.selectors import Plan
from safepassage.spreadsheet import cell_text
from safepassage.tracing.models import Person, Report

SEEN_ACTIONS = ("view", "view.list", "create", "update")
# Members in these states (and locked accounts) can be reported on.
REPORTABLE_MEMBER_STATUSES = frozenset(
    {MemberStatus.COMPROMISED, MemberStatus.CAPTURED, MemberStatus.MISSING, MemberStatus.KILLED}
)
GROUPS: list[tuple[str, str]] = [
    ("tracing.Person", "Persons"),
    ("intel.Place", "Places"),
    ("intel.Member", "Members"),
    ("operations.Operation", "Operations"),
    ("tracing.Report", "Reports"),
]


@dataclass
class Line:
    object_type: str
    object_id: str
    label: str = ""
    could_see: list[str] = field(default_factory=list)
    did_see: int = 0
    actions: set[str] = field(default_factory=set)
    first_seen: Any = None
    last_seen: Any = None


@dataclass
class Group:
    key: str
    title: str
    lines: list[Line]


@dataclass
class CompromiseReport:
    subject: str
    member: Member | None
    account: User | None
    all_cases: bool
    all_operations: bool
    groups: list[Group]
    generated_at: Any

    @property
    def total(self) -> int:
        return sum(len(g.lines) for g in self.groups)


def _require(user: User) -> None:
    if user.is_decoy or not has_capability(user, Capability.OPERATIONS_MANAGE):
        raise Http404


def compromise_subjects(*, user: User) -> tuple[list[Member], list[User]]:
    """Members marked compromised, captured, missing or killed, and locked accounts. A
    coordinator's decoy session sees no record here: both lists empty (its page lists its own
    pretend members instead, :func:`compromise_subjects_pretend`)."""
    if user.is_decoy and has_capability(user, Capability.OPERATIONS_MANAGE):
        return [], []
    _require(user)
    members = list(Member.objects.filter(status__in=list(REPORTABLE_MEMBER_STATUSES)))
    accounts = list(
        User.objects.filter(is_locked=True, is_decoy=False).exclude(
            pk__in=[m.user_id for m in members if m.user_id]
        )
    )
    return members, accounts


def _reportable(member: Member) -> bool:
    """Whether a member has a report: marked lost (:data:`REPORTABLE_MEMBER_STATUSES`), or
    his account locked."""
    return member.status in REPORTABLE_MEMBER_STATUSES or (
        member.user is not None and member.user.is_locked
    )


def compromise_subjects_pretend(*, user: User, members: list[Member]) -> list[Member]:
    """:func:`compromise_subjects` for a decoy coordinator: those of its own pretend
    ``members`` marked lost, as the network's are listed (it has no accounts to list)."""
    require_decoy_writer(user, Capability.OPERATIONS_MANAGE)
    return [member for member in members if _reportable(member)]


def _subject(user: User, kind: str, subject_id: object) -> tuple[Member | None, User | None]:
    try:
        if kind == "member":
            member = Member.objects.select_related("user").get(pk=str(subject_id))
            if not _reportable(member):
                raise Http404
            return member, member.user
        if kind == "account":
            account = User.objects.get(pk=str(subject_id), is_decoy=False)
            linked = Member.objects.filter(user=account).first()
            if not account.is_locked and (
                linked is None or linked.status not in REPORTABLE_MEMBER_STATUSES
            ):
                raise Http404
            return linked, account
    except (Member.DoesNotExist, User.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    except Exception as exc:
        from django.core.exceptions import ValidationError

        if isinstance(exc, ValidationError):
            raise Http404 from exc
        raise
    raise Http404


def compromise_report(*, user: User, kind: str, subject_id: object) -> CompromiseReport:
    """Build the report for a member or an account; showing it is audited."""
    _require(user)
    member, account = _subject(user, kind, subject_id)
    lines: dict[tuple[str, str], Line] = {}
    could = _could_see(lines)

    role_caps = ROLE_CAPABILITIES.get(account.role, frozenset()) if account else frozenset()
    all_cases = Capability.CASES_ALL in role_caps
    all_operations = Capability.OPERATIONS_MANAGE in role_caps

    # Operations the member was on: the team knows the persons, the route and each other.
    if member is not None:
        teams = TeamMember.objects.filter(member=member).select_related("operation")
        for team_member in teams:
            operation = team_member.operation
            _could_on_team(
                could,
                operation,
                [entry.person_id for entry in operation.persons.all()],
                [waypoint.place_id for waypoint in operation.waypoints.all()],
                [other.member_id for other in operation.team.all()],
            )

    if account is not None:
        now = timezone.now()
        grants = Grant.objects.filter(user=account).select_related("content_type")
        for grant in grants:
            reason = "shared with the account"
            if grant.expires_at is not None and grant.expires_at <= now:
                reason = "shared with the account (expired)"
            could(grant.content_type.model_class()._meta.label, grant.object_id, reason)  # type: ignore[union-attr]

        events = AuditEvent.objects.filter(
            Q(actor_id=str(account.pk)) | Q(actor_id__in=_decoy_ids(account)),
            action__in=SEEN_ACTIONS,
        ).order_by("seq")
        for event in events.iterator():
            ids = [event.object_id] if event.object_id else []
            if event.action == "view.list" and event.detail:
                try:
                    ids = [str(i) for i in json.loads(event.detail).get("ids", [])]
                except (ValueError, AttributeError):
                    ids = []
            for object_id in ids:
                line = lines.setdefault(
                    (event.object_type, object_id), Line(event.object_type, object_id)
                )
                line.did_see += 1
                line.actions.add(event.action)
                line.first_seen = line.first_seen or event.created_at
                line.last_seen = event.created_at

    _label(lines)
    report = _report(member, account, lines, all_cases=all_cases, all_operations=all_operations)
    target: Model = member if member is not None else account  # type: ignore[assignment]
    audit_record(
        actor=user, action="view", obj=target, detail={"report": "compromise", "rows": report.total}
    )
    return report


def _could_see(lines: dict[tuple[str, str], Line]) -> Callable[[str, object, str], None]:
    """Note in ``lines`` that a record could be seen, and why."""

    def could(obj_type: str, obj_id: object, reason: str) -> None:
        line = lines.setdefault((obj_type, str(obj_id)), Line(obj_type, str(obj_id)))
        if reason not in line.could_see:
            line.could_see.append(reason)

    return could


def _could_on_team(
    could: Callable[[str, object, str], None],
    operation: Operation,
    person_ids: list[Any],
    place_ids: list[Any],
    member_ids: list[Any],
) -> None:
    """What a member on ``operation``'s team could see: the operation, its persons, the
    places of its route and the rest of its team."""
    reason = f"on the team of {operation.codename}"
    could("operations.Operation", operation.pk, reason)
    for object_type, ids in (
        ("tracing.Person", person_ids),
        ("intel.Place", place_ids),
        ("intel.Member", member_ids),
    ):
        for object_id in ids:
            could(object_type, object_id, reason)


def _report(
    member: Member | None,
    account: User | None,
    lines: dict[tuple[str, str], Line],
    *,
    all_cases: bool = False,
    all_operations: bool = False,
) -> CompromiseReport:
    """The report of ``lines`` (labelled), grouped by kind of record."""
    order = {key: i for i, (key, _) in enumerate(GROUPS)}
    grouped: dict[str, list[Line]] = defaultdict(list)
    for line in lines.values():
        grouped[line.object_type if line.object_type in order else "other"].append(line)
    groups = [
        Group(key, title, sorted(grouped[key], key=lambda x: x.label.casefold()))
        for key, title in [*GROUPS, ("other", "Other records")]
        if grouped.get(key)
    ]
    subject = member.codename if member is not None else (account.username if account else "")
    return CompromiseReport(
        subject=subject,
        member=member,
        account=account,
        all_cases=all_cases,
        all_operations=all_operations,
        groups=groups,
        generated_at=timezone.now(),
    )


def compromise_report_pretend(
    *, user: User, member: Member | None, plans: list[Plan]
) -> CompromiseReport:
    """:func:`compromise_report` of a decoy coordinator's own pretend member (None: not one of
    its own, refused as a real subject not found), built from its own pretend drafts he is on
    (``plans``, read as ``selectors.operation_plan`` reads a real one's) as a real report is
    from the operations a real member was on: the same lines and labels. A pretend member has
    no account, so nothing seen is listed; nothing is audited."""
    require_decoy_writer(user, Capability.OPERATIONS_MANAGE)
    if member is None or not _reportable(member):
        raise Http404
    lines: dict[tuple[str, str], Line] = {}
    shown: dict[tuple[str, str], Model] = {}
    could = _could_see(lines)

    for plan in plans:
        if not any(str(t.member.pk) == str(member.pk) for t in plan.team):
            continue
        records: list[Model] = [
            plan.operation,
            *(w.place for w in plan.waypoints),
            *(t.member for t in plan.team),
        ]
        shown.update({(r._meta.label, str(r.pk)): r for r in records})
        _could_on_team(
            could,
            plan.operation,
            [entry.person_id for entry in plan.persons],
            [w.place.pk for w in plan.waypoints],
            [t.member.pk for t in plan.team],
        )
    _label(lines, shown)
    return _report(member, None, lines)


def _decoy_ids(account: User) -> list[str]:
    return [str(pk) for pk in User.objects.filter(decoy_of=account).values_list("pk", flat=True)]


def _label(
    lines: dict[tuple[str, str], Line], shown: dict[tuple[str, str], Model] | None = None
) -> None:
    """Label each line by its record (``shown``: records given, looked up in no table)."""
    by_type: dict[str, list[Line]] = defaultdict(list)
    for line in lines.values():
        by_type[line.object_type].append(line)
    labellers: dict[str, tuple[type[Model], Any]] = {
        "tracing.Person": (Person, _person_label),
        "intel.Place": (Place, lambda p: f"{p.name or '(no name)'} ({p.get_kind_display()})"),
        "intel.Member": (Member, lambda m: f"{m.codename} ({m.get_role_display()})"),
        "operations.Operation": (Operation, lambda o: f"{o.codename} ({o.get_status_display()})"),
        "tracing.Report": (Report, lambda r: f"report about {_person_label(r.person)}"),
    }
    for object_type, group in by_type.items():
        entry = labellers.get(object_type)
        if entry is None:
            for line in group:
                line.label = f"{object_type} {line.object_id}"
            continue
        model, label = entry
        if shown is not None:
            found = {i: r for (t, i), r in shown.items() if t == object_type}
        else:
            ids = [line.object_id for line in group]
            queryset = model._default_manager.filter(pk__in=_valid_ids(ids))
            if model is Report:
                queryset = queryset.select_related("person")
            found = {str(obj.pk): obj for obj in queryset}
        for line in group:
            obj = found.get(line.object_id)
            line.label = label(obj) if obj is not None else f"(no longer exists) {line.object_id}"


def _valid_ids(ids: list[str]) -> list[str]:
    import uuid

    valid = []
    for value in ids:
        try:
            valid.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return valid


def _person_label(person: Person) -> str:
    given = person.given_names[0] if person.given_names else ""
    family = person.family_names[0] if person.family_names else ""
    return " ".join(x for x in (given, family) if x) or "(no name)"


def compromise_report_csv(*, user: User, report: CompromiseReport) -> str:
    """The report as CSV; the export is audited."""
    require_capability(user, Capability.OPERATIONS_MANAGE)
    text = _csv_text(report)
    target: Model = report.member if report.member is not None else report.account  # type: ignore[assignment]
    audit_record(
        actor=user,
        action="export",
        obj=target,
        detail={"report": "compromise", "rows": report.total, "format": "csv"},
    )
    return text


def compromise_report_csv_pretend(*, user: User, report: CompromiseReport) -> str:
    """:func:`compromise_report_csv` of a decoy's pretend report: the same CSV, not audited."""
    require_decoy_writer(user, Capability.OPERATIONS_MANAGE)
    return _csv_text(report)


def _csv_text(report: CompromiseReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["group", "record_type", "record_id", "label", "could_see", "did_see_events", "actions",
         "first_seen", "last_seen"]
    )  # fmt: skip
    if report.all_cases:
        writer.writerow(["role", "", "", "all cases (role-wide access)", "yes", "", "", "", ""])
    for group in report.groups:
        for line in group.lines:
            writer.writerow(
                [
                    group.title,
                    line.object_type,
                    line.object_id,
                    cell_text(line.label),
                    "; ".join(line.could_see),
                    line.did_see,
                    " ".join(sorted(line.actions)),
                    line.first_seen.isoformat() if line.first_seen else "",
                    line.last_seen.isoformat() if line.last_seen else "",
                ]
            )
    return out.getvalue()
