"""Aftercare REST API: the same selectors, services and access rules as the pages.

A decoy (duress) session's care pages are its pretend persons': its arrivals, relatives and
their steps, referrals and consents are recorded as real ones are and kept in its session
only (:mod:`safepassage.aftercare.decoy`); a testimony is checked as a real one and kept
there too, as on its pages; the export holds its testimonies shared with investigators, as
its page's. Any other id is not found.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepassage.accounts.decoy import http_request
from safepassage.accounts.permissions import AccessRule, Capability, request_user
from safepassage.aftercare import decoy, selectors, services
from safepassage.aftercare.models import ConsentPurpose
from safepassage.aftercare.serializers import (
    AftercareSerializer,
    ArrivalCandidateSerializer,
    ArrivalInputSerializer,
    ArrivalSerializer,
    ConsentInputSerializer,
    ConsentSerializer,
    FamilyMemberInputSerializer,
    FamilyMemberSerializer,
    FamilyStepSerializer,
    NamesSerializer,
    NoteSerializer,
    PretendTestimonySerializer,
    ReaderInputSerializer,
    ReferralInputSerializer,
    ReferralSerializer,
    ReferralUpdateSerializer,
    TestimonyInputSerializer,
    TestimonySerializer,
)
from safepassage.api.idempotency import IDEMPOTENCY_KEY, KEY_REUSED, Once, idempotent
from safepassage.api.serializers import validated
from safepassage.tracing import decoy as tracing_decoy
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import NAME_PARTS, Person
from safepassage.tracing.services import IntakeAlreadySaved

READ = AccessRule(capability=Capability.CASES_READ)
WRITE = AccessRule(capability=Capability.CASES_WRITE)
EXPORT = AccessRule(capability=Capability.CASES_ALL)


def _details(data: dict[str, Any]) -> PersonDetails:
    return PersonDetails(
        given_names=tuple(data["given_names"]),
        father_names=tuple(data["father_names"]),
        grandfather_names=tuple(data["grandfather_names"]),
        family_names=tuple(data["family_names"]),
        mother_names=tuple(data["mother_names"]),
        sex=data["sex"],
        birth_year=data["birth_year"],
    )


class ArrivalCandidatesView(APIView):
    """Persons still sought who may be the woman who arrived, with score and evidence."""

    access_rule = WRITE

    @extend_schema(request=NamesSerializer, responses=ArrivalCandidateSerializer(many=True))
    def post(self, request: Request) -> Response:
        data = validated(NamesSerializer, request.data)
        user = request_user(request)
        found = (
            decoy.arrival_candidates(http_request(request), _details(data).record())
            if user.is_decoy  # its own pretend persons, as its arrival page's check
            else selectors.arrival_candidates_for_user(user=user, details=_details(data).record())
        )
        return Response(ArrivalCandidateSerializer(found, many=True).data)


class ArrivalCreateView(APIView):
    """Record her arrival on the confirmed person; her status moves to arrived."""

    access_rule = WRITE

    @extend_schema(
        request=ArrivalInputSerializer,
        responses={201: ArrivalSerializer, 422: KEY_REUSED},
        parameters=[IDEMPOTENCY_KEY],
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        v = validated(ArrivalInputSerializer, request.data)
        person = None
        score = None
        if v["person"]:  # a decoy's: one of its pretend persons (any other: 404)
            person = _person(request, v["person"])
        if person is not None and user.is_decoy:  # matched against its own pretend persons
            score = decoy.arrival_score(http_request(request), _details(v).record(), person)
        elif person is not None:
            found = selectors.arrival_candidates_for_user(user=user, details=_details(v).record())
            score = next((c.score for c in found if c.person.pk == person.pk), None)
        try:
            with idempotent(request) as once:
                answer = self._record(request, v, person, score, once)
        except IntakeAlreadySaved as exc:  # sent again: the first save's answer
            arrival = selectors.arrival_get_for_user(user=user, person_id=exc.person_id)
            answer = ArrivalSerializer(arrival).data
        return Response(answer, status=status.HTTP_201_CREATED)

    @staticmethod
    def _record(
        request: Request, v: dict[str, Any], person: Person | None, score: float | None, once: Once
    ) -> Any:
        """Record the arrival (or, for a request sent again, find the first): its answer."""
        user = request_user(request)
        if once.repeated and user.is_decoy:
            kept = decoy.answer_find(http_request(request), once.nonce)
            if kept is not None:
                return kept
        elif once.repeated and person is not None:  # recorded on her: nothing more to write
            return ArrivalSerializer(
                selectors.arrival_get_for_user(user=user, person_id=person.pk)
            ).data
        details = services.ArrivalDetails(
            arrived_on=v["arrived_on"],
            reception_place=selectors.reception_point_resolve(
                user=user,
                place_id=v["reception_place"],
                points=decoy.reception_points(http_request(request)) if user.is_decoy else None,
            ),
            reception_text=v["reception_text"],
            received_by=v["received_by"],
            condition=v["condition"],
            immediate_needs=v["immediate_needs"],
            children_with_her=v["children_with_her"],
            names_as_given={part: list(v[part]) for part in NAME_PARTS},
            match_score=None if score is None else max(0.0, min(1.0, score)),
        )
        if user.is_decoy and person is not None:  # kept in its session, as she is
            arrival = services.arrival_pretend(
                actor=user,
                person=person,
                details=details,
                recorded=decoy.arrived_on(http_request(request), person.pk) is not None,
            )
        else:
            arrival = services.arrival_record(
                actor=user,
                person=person,
                new_person=_details(v) if person is None else None,
                once=once.nonce,
                details=details,
            )
        answer = ArrivalSerializer(arrival).data
        if user.is_decoy:  # nothing was saved: her care page lives in its session only
            decoy.remember(http_request(request), arrival)
            if once.nonce:
                decoy.answer_keep(
                    http_request(request), once.nonce, json.loads(JSONRenderer().render(answer))
                )
        return answer


class PersonAftercareView(APIView):
    access_rule = READ

    @extend_schema(responses=AftercareSerializer)
    def get(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        page = (
            decoy.page(http_request(request), person_id)
            if user.is_decoy
            else selectors.aftercare_page_for_user(user=user, person_id=person_id)
        )
        return Response(AftercareSerializer(page).data)


def _person(request: Request, person_id: str) -> Person:
    """Her record: for a decoy, its pretend person (any other id: 404)."""
    user = request_user(request)
    if user.is_decoy:
        return decoy.person_or_404(http_request(request), person_id)
    return selectors.person_get_for_user(user=user, person_id=person_id)


class FamilyMemberCreateView(APIView):
    access_rule = WRITE

    @extend_schema(request=FamilyMemberInputSerializer, responses={201: FamilyMemberSerializer})
    def post(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = _person(request, person_id)
        data = validated(FamilyMemberInputSerializer, request.data)
        if user.is_decoy:
            member = decoy.family_add(http_request(request), actor=user, person=person, **data)
            return Response(FamilyMemberSerializer(member).data, status=status.HTTP_201_CREATED)
        v = dict(data)
        v["report"] = selectors.report_resolve(person=person, report_id=v["report"])
        member = services.family_member_add(actor=user, person=person, **v)
        return Response(FamilyMemberSerializer(member).data, status=status.HTTP_201_CREATED)


class FamilyStepView(APIView):
    """notify {how, at?, note?} · met {on} · reunite {on, reason?} · hold {reason}."""

    access_rule = WRITE

    @extend_schema(request=FamilyStepSerializer, responses=FamilyMemberSerializer)
    def post(self, request: Request, member_id: str, step: str) -> Response:
        user = request_user(request)
        if step not in ("notify", "met", "reunite", "hold"):
            raise Http404
        if user.is_decoy:
            member = decoy.family_member_or_404(http_request(request), member_id)
        else:
            member = selectors.family_member_get_for_user(user=user, member_id=member_id)
        v = validated(FamilyStepSerializer, request.data)
        if user.is_decoy:
            member = decoy.family_step(
                http_request(request),
                actor=user,
                member=member,
                step=step,
                how=v.get("how", ""),
                at=v["at"],
                note=v["note"],
                on=v["on"],
                reason=v["reason"],
            )
        elif step == "notify":
            member = services.family_notify(
                actor=user, member=member, how=v.get("how", ""), at=v["at"], note=v["note"]
            )
        elif step == "met":
            member = services.family_met(actor=user, member=member, on=v["on"])
        elif step == "reunite":
            member = services.family_reunite(
                actor=user, member=member, on=v["on"], reason=v["reason"]
            )
        else:
            member = services.family_hold(actor=user, member=member, reason=v["reason"])
        return Response(FamilyMemberSerializer(member).data)


class ReferralCreateView(APIView):
    access_rule = WRITE

    @extend_schema(request=ReferralInputSerializer, responses={201: ReferralSerializer})
    def post(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = _person(request, person_id)
        data = validated(ReferralInputSerializer, request.data)
        if user.is_decoy:
            referral = decoy.referral_add(http_request(request), actor=user, person=person, **data)
        else:
            referral = services.referral_create(actor=user, person=person, **data)
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)


class ReferralDetailView(APIView):
    access_rule = READ

    @extend_schema(responses=ReferralSerializer)
    def get(self, request: Request, referral_id: str) -> Response:
        user = request_user(request)
        referral = (
            decoy.referral_or_404(http_request(request), referral_id)
            if user.is_decoy
            else selectors.referral_get_for_user(user=user, referral_id=referral_id)
        )
        return Response(ReferralSerializer(referral).data)

    @extend_schema(request=ReferralUpdateSerializer, responses=ReferralSerializer)
    def patch(self, request: Request, referral_id: str) -> Response:
        user = request_user(request)
        if user.is_decoy:
            referral = decoy.referral_or_404(http_request(request), referral_id)
        else:
            referral = selectors.referral_get_for_user(user=user, referral_id=referral_id)
        v = validated(ReferralUpdateSerializer, request.data)
        values = {
            "status": v.get("status", ""),
            "follow_up_on": v.get("follow_up_on", services.UNCHANGED),
            "note": v["note"],
        }
        if user.is_decoy:
            referral = decoy.referral_update(
                http_request(request), actor=user, referral=referral, **values
            )
        else:
            referral = services.referral_update(actor=user, referral=referral, **values)
        return Response(ReferralSerializer(referral).data)


class FollowUpListView(APIView):
    """Referrals whose follow-up date has passed and that are not done or declined."""

    access_rule = READ

    @extend_schema(responses=ReferralSerializer(many=True))
    def get(self, request: Request) -> Response:
        user = request_user(request)
        referrals = (
            decoy.followups_overdue(http_request(request))  # its pretend ones, as its page
            if user.is_decoy
            else selectors.followups_overdue_for_user(user=user)
        )
        return Response(ReferralSerializer(referrals, many=True).data)


class ConsentCreateView(APIView):
    access_rule = WRITE

    @extend_schema(request=ConsentInputSerializer, responses={201: ConsentSerializer})
    def post(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = _person(request, person_id)
        data = validated(ConsentInputSerializer, request.data)
        if user.is_decoy:
            consent = decoy.consent_record(http_request(request), person=person, **data)
        else:
            consent = services.consent_record(actor=user, person=person, **data)
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawView(APIView):
    access_rule = WRITE

    @extend_schema(request=NoteSerializer, responses=ConsentSerializer)
    def post(self, request: Request, consent_id: str) -> Response:
        user = request_user(request)
        if user.is_decoy:  # its pretend consents only
            decoy.consent_or_404(http_request(request), consent_id)
            validated(NoteSerializer, request.data)
            consent = decoy.consent_withdraw(http_request(request), consent_id)
            return Response(ConsentSerializer(consent).data)
        consent = selectors.consent_get_for_user(user=user, consent_id=consent_id)
        data = validated(NoteSerializer, request.data)
        consent = services.consent_withdraw(actor=user, consent=consent, **data)
        return Response(ConsentSerializer(consent).data)


class TestimonyCreateView(APIView):
    access_rule = WRITE

    @extend_schema(request=TestimonyInputSerializer, responses={201: TestimonySerializer})
    def post(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = _person(request, person_id)
        v = validated(TestimonyInputSerializer, request.data)
        holders, places = (
            decoy.testimony_links(http_request(request), v["perpetrators"], v["places"])
            if user.is_decoy
            else selectors.testimony_links(
                user=user, perpetrators=v["perpetrators"], places=v["places"]
            )
        )
        details = services.TestimonyDetails(
            account=v["account"],
            language=v["language"],
            captivity_from=v["captivity_from"],
            captivity_to=v["captivity_to"],
            perpetrators=holders,
            places=places,
            events=[
                {
                    **e,
                    "place": str(e["place"] or ""),
                    "holder": str(e["holder"] or ""),
                }
                for e in v["events"]
            ],
        )
        if user.is_decoy:
            return self._pretend(request, person, details)
        testimony = services.testimony_record(actor=user, person=person, details=details)
        return Response(TestimonySerializer(testimony).data, status=status.HTTP_201_CREATED)

    def _pretend(
        self, request: Request, person: Person, details: services.TestimonyDetails
    ) -> Response:
        """A decoy's testimony: checked as a real one (her pretend consent too), kept in its
        session as on the pages (its page and the API show it); the answer a real save gets,
        its only reader the codename it shows."""
        user = request_user(request)
        session = http_request(request)
        testimony = services.testimony_pretend(
            actor=user,
            person=person,
            details=details,
            consented=lambda: decoy.consent_given(session, person.pk, ConsentPurpose.TESTIMONY),
        )
        decoy.testimony_keep(session, testimony)
        shown = PretendTestimonySerializer(
            testimony, context={"reader": tracing_decoy.shown_as(user).username}
        )
        return Response(shown.data, status=status.HTTP_201_CREATED)


class TestimonyDetailView(APIView):
    """A testimony; only the users named on it get anything but 404."""

    access_rule = READ

    @extend_schema(responses=TestimonySerializer)
    def get(self, request: Request, testimony_id: str) -> Response:
        user = request_user(request)
        if user.is_decoy:  # its pretend testimonies only, as on its pages
            pretend = decoy.testimony_page(http_request(request), testimony_id).testimony
            shown = PretendTestimonySerializer(
                pretend, context={"reader": tracing_decoy.shown_as(user).username}
            )
            return Response(shown.data)
        testimony = selectors.testimony_get_for_user(user=user, testimony_id=testimony_id)
        return Response(TestimonySerializer(testimony).data)


class TestimonyReaderView(APIView):
    access_rule = WRITE

    @extend_schema(request=ReaderInputSerializer, responses=TestimonySerializer)
    def post(self, request: Request, testimony_id: str) -> Response:
        user = request_user(request)
        if user.is_decoy:  # its pretend testimonies only, refused as a real one's (as its page)
            pretend = decoy.testimony_page(http_request(request), testimony_id)
            data = validated(ReaderInputSerializer, request.data)
            services.testimony_reader_pretend(
                actor=user,
                readers=[r.user for r in pretend.readers],
                user_id=data["user"],
                remove=data["remove"],
            )
        testimony = selectors.testimony_get_for_user(user=user, testimony_id=testimony_id)
        data = validated(ReaderInputSerializer, request.data)
        reader = selectors.reader_resolve(user_id=data["user"])
        if data["remove"]:
            services.testimony_unname_reader(actor=user, testimony=testimony, user=reader)
        else:
            services.testimony_name_reader(actor=user, testimony=testimony, user=reader)
        return Response(TestimonySerializer(testimony).data)


class TestimonyExportView(APIView):
    """A zip of testimony.json, testimony.csv and manifest.json (docs/testimony-export.md)."""

    access_rule = EXPORT

    @extend_schema(
        responses={(200, "application/zip"): OpenApiResponse(response=OpenApiTypes.BINARY)}
    )
    def get(self, request: Request) -> HttpResponse:
        user = request_user(request)
        # A decoy session (signed in on the pages) gets its pretend testimonies, as there.
        bundle = (
            services.testimony_export_for_decoy(
                actor=user, testimonies=decoy.exportable(request._request)
            )
            if user.is_decoy
            else services.testimony_export_build(actor=user)
        )
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response = HttpResponse(services.bundle_to_zip(bundle), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="testimony-{stamp}.zip"'
        response["Cache-Control"] = "no-store"
        return response
