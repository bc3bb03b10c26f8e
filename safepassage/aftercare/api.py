"""Aftercare REST API: the same selectors, services and access rules as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepassage.accounts.permissions import AccessRule, Capability, request_user
from safepassage.aftercare import decoy, selectors, services
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
    ReaderInputSerializer,
    ReferralInputSerializer,
    ReferralSerializer,
    ReferralUpdateSerializer,
    TestimonyInputSerializer,
    TestimonySerializer,
)
from safepassage.api.serializers import validated
from safepassage.intel import selectors as intel_selectors
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import NAME_PARTS

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
        found = selectors.arrival_candidates_for_user(
            user=request_user(request), details=_details(data).record()
        )
        return Response(ArrivalCandidateSerializer(found, many=True).data)


class ArrivalCreateView(APIView):
    """Record her arrival on the confirmed person; her status moves to arrived."""

    access_rule = WRITE

    @extend_schema(request=ArrivalInputSerializer, responses={201: ArrivalSerializer})
    def post(self, request: Request) -> Response:
        user = request_user(request)
        v = validated(ArrivalInputSerializer, request.data)
        details = _details(v)
        person = None
        score = None
        if v["person"]:
            person = selectors.person_get_for_user(user=user, person_id=v["person"])
            found = selectors.arrival_candidates_for_user(user=user, details=details.record())
            score = next((c.score for c in found if c.person.pk == person.pk), None)
        arrival = services.arrival_record(
            actor=user,
            person=person,
            new_person=details if person is None else None,
            details=services.ArrivalDetails(
                arrived_on=v["arrived_on"],
                reception_place=selectors.reception_point_resolve(
                    user=user, place_id=v["reception_place"]
                ),
                reception_text=v["reception_text"],
                received_by=v["received_by"],
                condition=v["condition"],
                immediate_needs=v["immediate_needs"],
                children_with_her=v["children_with_her"],
                names_as_given={part: list(v[part]) for part in NAME_PARTS},
                match_score=None if score is None else max(0.0, min(1.0, score)),
            ),
        )
        return Response(ArrivalSerializer(arrival).data, status=status.HTTP_201_CREATED)


class PersonAftercareView(APIView):
    access_rule = READ

    @extend_schema(responses=AftercareSerializer)
    def get(self, request: Request, person_id: str) -> Response:
        page = selectors.aftercare_page_for_user(user=request_user(request), person_id=person_id)
        return Response(AftercareSerializer(page).data)


class FamilyMemberCreateView(APIView):
    access_rule = WRITE

    @extend_schema(request=FamilyMemberInputSerializer, responses={201: FamilyMemberSerializer})
    def post(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = selectors.person_get_for_user(user=user, person_id=person_id)
        data = validated(FamilyMemberInputSerializer, request.data)
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
        member = selectors.family_member_get_for_user(user=user, member_id=member_id)
        v = validated(FamilyStepSerializer, request.data)
        if step == "notify":
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
        person = selectors.person_get_for_user(user=user, person_id=person_id)
        data = validated(ReferralInputSerializer, request.data)
        referral = services.referral_create(actor=user, person=person, **data)
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)


class ReferralDetailView(APIView):
    access_rule = READ

    @extend_schema(responses=ReferralSerializer)
    def get(self, request: Request, referral_id: str) -> Response:
        referral = selectors.referral_get_for_user(
            user=request_user(request), referral_id=referral_id
        )
        return Response(ReferralSerializer(referral).data)

    @extend_schema(request=ReferralUpdateSerializer, responses=ReferralSerializer)
    def patch(self, request: Request, referral_id: str) -> Response:
        user = request_user(request)
        referral = selectors.referral_get_for_user(user=user, referral_id=referral_id)
        v = validated(ReferralUpdateSerializer, request.data)
        referral = services.referral_update(
            actor=user,
            referral=referral,
            status=v.get("status", ""),
            follow_up_on=v.get("follow_up_on", services.UNCHANGED),
            note=v["note"],
        )
        return Response(ReferralSerializer(referral).data)


class FollowUpListView(APIView):
    """Referrals whose follow-up date has passed and that are not done or declined."""

    access_rule = READ

    @extend_schema(responses=ReferralSerializer(many=True))
    def get(self, request: Request) -> Response:
        referrals = selectors.followups_overdue_for_user(user=request_user(request))
        return Response(ReferralSerializer(referrals, many=True).data)


class ConsentCreateView(APIView):
    access_rule = WRITE

    @extend_schema(request=ConsentInputSerializer, responses={201: ConsentSerializer})
    def post(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = selectors.person_get_for_user(user=user, person_id=person_id)
        data = validated(ConsentInputSerializer, request.data)
        consent = services.consent_record(actor=user, person=person, **data)
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawView(APIView):
    access_rule = WRITE

    @extend_schema(request=NoteSerializer, responses=ConsentSerializer)
    def post(self, request: Request, consent_id: str) -> Response:
        user = request_user(request)
        consent = selectors.consent_get_for_user(user=user, consent_id=consent_id)
        data = validated(NoteSerializer, request.data)
        consent = services.consent_withdraw(actor=user, consent=consent, **data)
        return Response(ConsentSerializer(consent).data)


class TestimonyCreateView(APIView):
    access_rule = WRITE

    @extend_schema(request=TestimonyInputSerializer, responses={201: TestimonySerializer})
    def post(self, request: Request, person_id: str) -> Response:
        user = request_user(request)
        person = selectors.person_get_for_user(user=user, person_id=person_id)
        v = validated(TestimonyInputSerializer, request.data)
        testimony = services.testimony_record(
            actor=user,
            person=person,
            details=services.TestimonyDetails(
                account=v["account"],
                language=v["language"],
                captivity_from=v["captivity_from"],
                captivity_to=v["captivity_to"],
                perpetrators=[
                    intel_selectors.holder_resolve(user=user, holder_id=h, field="perpetrators")
                    for h in v["perpetrators"]
                ],
                places=[
                    intel_selectors.place_resolve(user=user, place_id=p, field="places")
                    for p in v["places"]
                ],
                events=[
                    {
                        **e,
                        "place": str(e["place"] or ""),
                        "holder": str(e["holder"] or ""),
                    }
                    for e in v["events"]
                ],
            ),
        )
        return Response(TestimonySerializer(testimony).data, status=status.HTTP_201_CREATED)


class TestimonyDetailView(APIView):
    """A testimony; only the users named on it get anything but 404."""

    access_rule = READ

    @extend_schema(responses=TestimonySerializer)
    def get(self, request: Request, testimony_id: str) -> Response:
        testimony = selectors.testimony_get_for_user(
            user=request_user(request), testimony_id=testimony_id
        )
        return Response(TestimonySerializer(testimony).data)


class TestimonyReaderView(APIView):
    access_rule = WRITE

    @extend_schema(request=ReaderInputSerializer, responses=TestimonySerializer)
    def post(self, request: Request, testimony_id: str) -> Response:
        user = request_user(request)
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
