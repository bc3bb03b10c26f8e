"""The tracing API's views: the same selectors, services and access rules as the pages.

A decoy (duress) session gets what its pages get: its pretend persons only (any other id is
not found), and every write they pretend answered as a real save is, with the same checks
and errors, kept in its session only (:mod:`safepassage.tracing.decoy`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepassage.accounts.decoy import http_request
from safepassage.accounts.models import User
from safepassage.accounts.permissions import AccessRule, Capability, request_user
from safepassage.api.idempotency import IDEMPOTENCY_KEY, KEY_REUSED, idempotent
from safepassage.api.serializers import validated
from safepassage.concurrency import EditConflict
from safepassage.tracing import decoy, decoy_duplicates, selectors, services
from safepassage.tracing.api.serializers import (
    CandidateSerializer,
    ConflictSerializer,
    ContactInSerializer,
    ContactOutSerializer,
    ContactSerializer,
    DuplicateSerializer,
    IntakeSerializer,
    LinkInSerializer,
    LinkRemoveSerializer,
    LinkSerializer,
    MergeInSerializer,
    MergeSerializer,
    MessageSerializer,
    PersonDetailSerializer,
    PersonDetailsSerializer,
    PersonSerializer,
    PersonUpdateSerializer,
    QuestionInSerializer,
    QuestionSerializer,
    ReportInSerializer,
    ReportSerializer,
    StatusChangeSerializer,
    StatusInSerializer,
    WordsInSerializer,
    WordsOutSerializer,
)
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import (
    DuplicateCandidate,
    Person,
    PersonStatus,
)
from safepassage.tracing.selectors import PersonPage

READ = AccessRule(capability=Capability.CASES_READ)
WRITE = AccessRule(capability=Capability.CASES_WRITE)


def _person(request: Request, person_id: Any) -> Person:
    """The person named in the address: for a decoy, its pretend person (any other: 404)."""
    user = request_user(request)
    if user.is_decoy:
        return decoy.person_or_404(http_request(request), person_id)
    return selectors.person_get_for_user(user=user, person_id=person_id)


_Q = OpenApiParameter(
    "q", str, OpenApiParameter.QUERY, description="Names, a place or a phone number to search for."
)
_STATUS = OpenApiParameter(
    "status",
    str,
    OpenApiParameter.QUERY,
    enum=PersonStatus.values,
    description="Only persons with this status (ignored with q).",
)


class PersonListView(APIView):
    access_rule = READ

    @extend_schema(responses=PersonSerializer(many=True), parameters=[_Q, _STATUS])
    def get(self, request: Request) -> Response:
        user = request_user(request)
        query = str(request.query_params.get("q", "")).strip()[:200]
        st = str(request.query_params.get("status", ""))
        st = st if st in PersonStatus.values and not query else ""
        if user.is_decoy:  # sees no record: only the pretend persons of its own session
            persons = decoy.persons_found(http_request(request), query, st)
        elif query:
            persons = selectors.persons_search_for_user(user=user, query=query)
        else:
            persons = selectors.person_list_for_user(user=user, status=st)
        return Response(PersonSerializer(persons, many=True).data)

    @extend_schema(
        request=IntakeSerializer,
        responses={201: PersonDetailSerializer, 422: KEY_REUSED},
        parameters=[IDEMPOTENCY_KEY],
    )
    def post(self, request: Request) -> Response:
        data = validated(IntakeSerializer, request.data)
        details = PersonDetailsSerializer.details(data["person"])
        attach_to = None
        if data.get("attach_to"):  # a decoy's: one of its pretend persons (any other: 404)
            attach_to = _person(request, data["attach_to"])
        report = data.get("report")
        try:
            with idempotent(request) as once:
                person_id = self._save(request, details, report, attach_to, once.nonce)
        except services.IntakeAlreadySaved as exc:  # sent again: the first save's answer
            person_id = exc.person_id
        return Response(_detail(request, person_id), status=status.HTTP_201_CREATED)

    @staticmethod
    def _save(
        request: Request,
        details: PersonDetails,
        report: dict[str, Any] | None,
        attach_to: Person | None,
        once: str,
    ) -> object:
        """Save the intake as its body asks; the id of the person it made or added to."""
        user = request_user(request)
        if user.is_decoy and attach_to is None:  # nothing is saved: kept in its session
            return decoy.person_enter(
                http_request(request),
                actor=user,
                details=details,
                report=ReportInSerializer.details(report) if report else None,
                once=once,
            ).pk
        if user.is_decoy and attach_to is not None:  # kept in its session, as she is
            if not report:
                return decoy.spellings_add(
                    http_request(request), actor=user, person=attach_to, details=details
                ).pk
            return decoy.report_add(
                http_request(request),
                actor=user,
                person=attach_to,
                report=ReportInSerializer.details(report),
                details=details,
                once=once,
            ).person.pk
        if report:
            return services.intake_submit(
                actor=user,
                details=details,
                report=ReportInSerializer.details(report),
                attach_to=attach_to,
                once=once,
            ).person_id
        if attach_to is not None:  # new spellings only: the same again adds nothing
            return services.person_add_spellings(actor=user, person=attach_to, details=details).pk
        return services.person_create(actor=user, details=details, once=once).pk


def _page(request: Request, person_id: Any) -> PersonPage:
    user = request_user(request)
    if user.is_decoy:  # its pretend persons only; any other id is not found, as for anyone
        page = decoy.page(http_request(request), person_id)
        if page is None:
            raise Http404
        return page
    return selectors.person_page_for_user(user=user, person_id=person_id)


def _detail(request: Request, person_id: Any) -> dict[str, Any]:
    page = _page(request, person_id)
    person = page.person
    payload = {
        **PersonSerializer(person).data,
        "reports": ReportSerializer(
            [e.record for e in page.timeline if e.kind == "report"], many=True
        ).data,
        "contacts": ContactSerializer(
            [e.record for e in page.timeline if e.kind == "contact"], many=True
        ).data,
        "status_changes": StatusChangeSerializer(
            [e.record for e in page.timeline if e.kind == "status"], many=True
        ).data,
        "questions": QuestionSerializer(page.questions, many=True).data,
    }
    return payload


def _with_etag(payload: dict[str, Any], **kwargs: Any) -> Response:
    """The person's version as its entity tag: what an edit must name in If-Match."""
    response = Response(payload, **kwargs)
    response["ETag"] = f'"{payload["version"]}"'
    return response


_ETAG = re.compile(r'^(?:W/)?"?(\d{1,9})"?$')


def _need_version() -> str:
    return _(
        "Say which version you are changing: send the ETag from GET in If-Match, or the "
        '"version" field. This keeps you from overwriting someone else\'s change unseen.'
    )


def _expected_version(request: Request, body: int | None) -> int | Response:
    """The version the client started from (If-Match or the body), or the answer refusing it."""
    header = str(request.headers.get("If-Match", "")).strip()
    if not header:
        if body is None:
            return Response(
                {"detail": _need_version()}, status=status.HTTP_428_PRECONDITION_REQUIRED
            )
        return body
    if header == "*":
        return Response(
            {"detail": _("If-Match: * would overwrite any version.") + " " + _need_version()},
            status=status.HTTP_428_PRECONDITION_REQUIRED,
        )
    match = _ETAG.match(header)
    if match is None:
        return Response(
            {"detail": _('If-Match must hold one ETag from GET, such as "3".')},
            status=status.HTTP_400_BAD_REQUEST,
        )
    version = int(match.group(1))
    if body is not None and body != version:
        return Response(
            {"detail": _('If-Match and "version" name different versions; send one.')},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return version


_EDIT_RESPONSES = {
    200: PersonDetailSerializer,
    409: ConflictSerializer,
    428: MessageSerializer,
}
_IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description='The ETag from GET ("3"); or send "version" in the body.',
)
_ETAG_OUT = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200, 409],
    description="The person's version; send it back in If-Match to change her details.",
)


class PersonDetailView(APIView):
    """Read a person; change her details only from the version you read (no lost update).

    Writes are checked by the service (``cases.write`` and need-to-know), as on the pages.
    """

    access_rule = READ

    @extend_schema(responses=PersonDetailSerializer, parameters=[_ETAG_OUT])
    def get(self, request: Request, person_id: str) -> Response:
        return _with_etag(_detail(request, person_id))

    @extend_schema(
        request=PersonUpdateSerializer, responses=_EDIT_RESPONSES, parameters=[_IF_MATCH, _ETAG_OUT]
    )
    def put(self, request: Request, person_id: str) -> Response:
        """Replace her details: fields left out become empty."""
        return self._update(request, person_id, partial=False)

    @extend_schema(
        request=PersonUpdateSerializer, responses=_EDIT_RESPONSES, parameters=[_IF_MATCH, _ETAG_OUT]
    )
    def patch(self, request: Request, person_id: str) -> Response:
        """Change only the fields sent; the others keep their stored values."""
        return self._update(request, person_id, partial=True)

    def _update(self, request: Request, person_id: str, *, partial: bool) -> Response:
        user = request_user(request)
        person = _person(request, person_id)
        data = validated(PersonUpdateSerializer, request.data, partial=partial)
        expected = _expected_version(request, data.get("version"))
        if isinstance(expected, Response):
            return expected
        if str(person.pk) != str(person_id):  # merged into ``person`` since the client read it
            raise EditConflict(current_version=person.version, merged=True)
        only = None
        if partial:
            only = {
                name
                for key in data
                for name in (("birth_year", "birth_year_uncertainty") if key == "birth" else (key,))
                if key != "version"
            }
        if user.is_decoy:
            person = decoy.details_edit(
                http_request(request),
                actor=user,
                person=person,
                details=PersonDetailsSerializer.details(data),
                expected_version=expected,
                only=only,
            )
        else:
            person = services.person_update(
                actor=user,
                person=person,
                details=PersonDetailsSerializer.details(data),
                expected_version=expected,
                only=only,
            )
        return _with_etag(_detail(request, person.pk))


class PersonSearchView(APIView):
    access_rule = READ

    @extend_schema(responses=PersonSerializer(many=True), parameters=[_Q])
    def get(self, request: Request) -> Response:
        user = request_user(request)
        query = str(request.query_params.get("q", "")).strip()[:200]
        if user.is_decoy:  # a search for nothing finds nothing, as a real one
            found = decoy.persons_found(http_request(request), query) if query.split() else []
            return Response(PersonSerializer(found, many=True).data)
        persons = selectors.persons_search_for_user(user=user, query=query)
        return Response(PersonSerializer(persons, many=True).data)


class MatchCheckView(APIView):
    """The intake's "check for matches" step: candidates with score and evidence, no write."""

    access_rule = READ

    @extend_schema(request=PersonDetailsSerializer, responses=CandidateSerializer(many=True))
    def post(self, request: Request) -> Response:
        data = validated(PersonDetailsSerializer, request.data)
        details = PersonDetailsSerializer.details(data)
        user = request_user(request)
        found = (
            decoy.candidates(http_request(request), details.record())
            if user.is_decoy  # its own pretend persons, as its intake page's check
            else selectors.candidates_for_user(user=user, details=details.record())
        )
        return Response(CandidateSerializer(found, many=True).data)


class ReportCreateView(APIView):
    access_rule = WRITE

    @extend_schema(
        request=IntakeSerializer,
        responses={201: ReportSerializer, 422: KEY_REUSED},
        parameters=[IDEMPOTENCY_KEY],
    )
    def post(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = _person(request, person_id)
        body = request.data
        if not isinstance(body, Mapping):  # a list, a number, null: refused as the shape says
            validated(ReportInSerializer, body)
        report = validated(ReportInSerializer, body.get("report", body))
        names = validated(PersonDetailsSerializer, body.get("person", {}))
        details = PersonDetailsSerializer.details(names)
        try:
            with idempotent(request) as once:
                named = any(details.names().values()) or bool(details.nicknames)
                if user.is_decoy:  # kept in its session only, as she is
                    row = decoy.report_add(
                        http_request(request),
                        actor=user,
                        person=person,
                        report=ReportInSerializer.details(report),
                        details=details if named else None,
                        once=once.nonce,
                    )
                elif named:
                    row = services.intake_submit(
                        actor=user,
                        details=details,
                        report=ReportInSerializer.details(report),
                        attach_to=person,
                        once=once.nonce,
                    )
                else:
                    row = services.report_create(
                        actor=user,
                        person=person,
                        report=ReportInSerializer.details(report),
                        once=once.nonce,
                    )
        except services.IntakeAlreadySaved as exc:  # sent again: the first save's answer
            row = (
                decoy.report_or_404(http_request(request), person.pk, exc.report_id)
                if user.is_decoy
                else selectors.report_get_for_user(user=user, report_id=exc.report_id)
            )
        return Response(ReportSerializer(row).data, status=status.HTTP_201_CREATED)


class ContactCreateView(APIView):
    access_rule = WRITE

    @extend_schema(request=ContactInSerializer, responses={201: ContactOutSerializer})
    def post(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = _person(request, person_id)
        v = validated(ContactInSerializer, request.data)
        details = services.ContactDetails(
            **{k: v[k] for k in v if k not in ("answers",)},
            answers={str(k): str(a) for k, a in v["answers"].items()},
        )
        if user.is_decoy:
            contact, check = decoy.contact_log(
                http_request(request), actor=user, person=person, contact=details
            )
        else:
            contact, check = services.contact_log(actor=user, person=person, contact=details)
        out = {**ContactSerializer(contact).data, "results": check.results}
        return Response(out, status=status.HTTP_201_CREATED)


class StatusChangeView(APIView):
    access_rule = WRITE

    @extend_schema(request=StatusInSerializer, responses=StatusChangeSerializer)
    def post(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = _person(request, person_id)
        data = validated(StatusInSerializer, request.data)
        if user.is_decoy:
            change = decoy.status_change(http_request(request), actor=user, person=person, **data)
        else:
            change = services.person_status_change(actor=user, person=person, **data)
        return Response(StatusChangeSerializer(change).data)


class QuestionCreateView(APIView):
    access_rule = WRITE

    @extend_schema(request=QuestionInSerializer, responses={201: QuestionSerializer})
    def post(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = _person(request, person_id)
        data = validated(QuestionInSerializer, request.data)
        if user.is_decoy:
            secret = decoy.question_add(http_request(request), actor=user, person=person, **data)
        else:
            secret = services.auth_question_add(actor=user, person=person, **data)
        return Response(QuestionSerializer(secret).data, status=status.HTTP_201_CREATED)


class WordsSetView(APIView):
    """Agree a duress word and an all-clear word with her; they are stored only as hashes."""

    access_rule = WRITE

    @extend_schema(request=WordsInSerializer, responses=WordsOutSerializer)
    def post(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = _person(request, person_id)
        data = validated(WordsInSerializer, request.data)
        if user.is_decoy:
            secrets = decoy.words_set(http_request(request), actor=user, person=person, **data)
        else:
            secrets = services.agreed_words_set(actor=user, person=person, **data)
        return Response(WordsOutSerializer({"agreed": len(secrets)}).data)


class LinkListView(APIView):
    """Persons taken with her: list, and link one (``cases.write``, checked by the service)."""

    access_rule = READ

    @extend_schema(responses=LinkSerializer(many=True))
    def get(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = _person(request, person_id)
        links = (
            decoy.links(http_request(request), person.pk)
            if user.is_decoy
            else selectors.person_links_for_user(user=user, person=person)
        )
        return Response(LinkSerializer(links, many=True).data)

    @extend_schema(request=LinkInSerializer, responses={201: LinkSerializer})
    def post(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = _person(request, person_id)
        data = validated(LinkInSerializer, request.data)
        if user.is_decoy:
            link = decoy.link_add(
                http_request(request),
                actor=user,
                person=person,
                other_id=data["other"],
                kind=data["kind"],
            )
            return Response(LinkSerializer(link).data, status=status.HTTP_201_CREATED)
        if str(person.pk) != str(person_id):
            return Response(
                {"detail": [_("This person was merged into another record; open that one.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        other = selectors.link_target_for_user(user=user, person_id=data["other"])
        link = services.person_link_create(
            actor=user, person=person, other=other, kind=data["kind"]
        )
        return Response(LinkSerializer(link).data, status=status.HTTP_201_CREATED)


class LinkRemoveView(APIView):
    access_rule = WRITE

    @extend_schema(request=LinkRemoveSerializer, responses={204: None})
    def post(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = _person(request, person_id)
        data = validated(LinkRemoveSerializer, request.data)
        if user.is_decoy:
            decoy.link_remove(
                http_request(request), actor=user, person=person, link_id=data["link"]
            )
            return Response(status=status.HTTP_204_NO_CONTENT)
        link = selectors.person_link_get_for_user(user=user, person=person, link_id=data["link"])
        services.person_link_remove(actor=user, link=link)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DuplicateListView(APIView):
    access_rule = READ

    @extend_schema(responses=DuplicateSerializer(many=True))
    def get(self, request: Request) -> Response:
        user = request_user(request)
        rows = (
            decoy_duplicates.open_pairs(http_request(request))
            if user.is_decoy
            else selectors.duplicates_open_for_user(user=user)
        )
        return Response(DuplicateSerializer(rows, many=True).data)


def _pair(request: Request, user: User, candidate_id: str) -> DuplicateCandidate:
    """The pair with that id: for a decoy, one of its own pretend persons' pairs."""
    if user.is_decoy:
        return decoy_duplicates.pair_or_404(http_request(request), candidate_id)
    return selectors.duplicate_get_for_user(user=user, candidate_id=candidate_id)


class DuplicateMergeView(APIView):
    access_rule = WRITE

    @extend_schema(request=MergeInSerializer, responses=MergeSerializer)
    def post(self, request: Request, candidate_id: str) -> Response:
        user = request_user(request)
        row = _pair(request, user, candidate_id)
        data = validated(MergeInSerializer, request.data)
        wanted = data.get("survivor")
        survivor = next((p for p in (row.left, row.right) if p.pk == wanted), None)
        if wanted and survivor is None:
            return Response(
                {"survivor": [_("The survivor must be one of the pair.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        merge = (
            decoy_duplicates.merge(
                http_request(request), actor=user, candidate=row, survivor=survivor
            )
            if user.is_decoy
            else services.duplicate_merge(actor=user, candidate=row, survivor=survivor)
        )
        return Response(MergeSerializer(merge).data)


class DuplicateDismissView(APIView):
    access_rule = WRITE

    @extend_schema(request=None, responses=DuplicateSerializer)
    def post(self, request: Request, candidate_id: str) -> Response:
        user = request_user(request)
        row = _pair(request, user, candidate_id)
        row = (
            decoy_duplicates.dismiss(http_request(request), actor=user, candidate=row)
            if user.is_decoy
            else services.duplicate_dismiss(actor=user, candidate=row)
        )
        return Response(DuplicateSerializer(row).data)


class MergeUndoView(APIView):
    access_rule = WRITE

    @extend_schema(request=None, responses=MergeSerializer)
    def post(self, request: Request, merge_id: str) -> Response:
        user = request_user(request)
        if user.is_decoy:  # its own pretend merges only; any other id is not found
            pretend = decoy.merge_or_404(http_request(request), merge_id)
            merge = decoy_duplicates.merge_undo(http_request(request), actor=user, merge=pretend)
        else:
            merge = selectors.merge_get_for_user(user=user, merge_id=merge_id)
            merge = services.merge_undo(actor=user, merge=merge)
        return Response(MergeSerializer(merge).data)
