"""Intel REST API: the same selectors, services and access rules as the pages.

A decoy (duress) session's places, holders, members, location reports and incidents are its
pretend ones (the reports and incidents about its pretend persons), recorded as a real one is
and kept in its session only (:mod:`safepassage.intel.decoy`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.http import Http404, HttpRequest
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepassage.accounts.decoy import http_request
from safepassage.accounts.models import User
from safepassage.accounts.permissions import AccessRule, Capability, request_user
from safepassage.api.serializers import validated
from safepassage.intel import decoy, selectors, services
from safepassage.intel.serializers import (
    HolderInputSerializer,
    HolderSerializer,
    IncidentInputSerializer,
    IncidentSerializer,
    LocationReportInputSerializer,
    LocationReportQuerySerializer,
    LocationReportSerializer,
    MemberInputSerializer,
    MemberSerializer,
    MemberStatusSerializer,
    PlaceInputSerializer,
    PlaceQuerySerializer,
    PlaceSerializer,
)
from safepassage.tracing import decoy as tracing_decoy

READ = AccessRule(capability=Capability.CASES_READ)


def _opt(value: Any, resolve: Any) -> Any:
    return resolve(value) if value else None


def _linked(
    serializer: type[IncidentSerializer | LocationReportSerializer],
    found: Any,
    *,
    user: User,
    many: bool = False,
    code: int = status.HTTP_200_OK,
) -> Response:
    """Incidents or location reports as the API gives them: the ids of linked members,
    holders and places the user may not see are null (a decoy sees only its own pretend
    records, whose links are its own)."""
    rows = list(found) if many else [found]
    kind = "reports" if serializer is LocationReportSerializer else "incidents"
    names = (
        selectors.linked_ids_all(**{kind: rows})
        if user.is_decoy
        else selectors.linked_ids_shown(user=user, **{kind: rows})
    )
    return Response(serializer(found, many=many, context={"names": names}).data, status=code)


def _detail(
    request: Request,
    serializer: type[serializers.Serializer[Any]],
    *,
    pretend: Callable[[HttpRequest], models.Model | None],
    real: Callable[[User], models.Model],
) -> Response:
    """One record by its id: a decoy session's pretend one (any other id is not found, as for
    anyone), everyone else's through its selector, which answers not-found the same way."""
    user = request_user(request)
    if user.is_decoy:
        record = pretend(http_request(request))
        if record is None:
            raise Http404
    else:
        record = real(user)
    if issubclass(serializer, IncidentSerializer | LocationReportSerializer):
        return _linked(serializer, record, user=user)
    return Response(serializer(record).data)


class PlaceListView(APIView):
    access_rule = READ

    @extend_schema(parameters=[PlaceQuerySerializer], responses=PlaceSerializer(many=True))
    def get(self, request: Request) -> Response:
        user = request_user(request)
        data = validated(PlaceQuerySerializer, request.query_params)
        search: dict[str, Any] = {
            "query": data.get("q", ""),
            "kind": data.get("kind", ""),
            "near": (data["lat"], data["lon"]) if "lat" in data else None,
            "radius_km": data["km"],
        }
        if user.is_decoy:
            hits = decoy.place_hits(http_request(request), **search)
        else:
            hits = selectors.places_for_user(user=user, **search)
        return Response(
            PlaceSerializer(
                [h.place for h in hits],
                many=True,
                context={"distances": {h.place.pk: h.distance_km for h in hits}},
            ).data
        )

    @extend_schema(request=PlaceInputSerializer, responses={201: PlaceSerializer})
    def post(self, request: Request) -> Response:
        user = request_user(request)
        data = validated(PlaceInputSerializer, request.data)
        if user.is_decoy:
            place = decoy.place_record(http_request(request), actor=user, **data)
        else:
            place = services.place_create(actor=user, **data)
        return Response(PlaceSerializer(place).data, status=status.HTTP_201_CREATED)


class PlaceDetailView(APIView):
    access_rule = READ

    @extend_schema(responses=PlaceSerializer)
    def get(self, request: Request, place_id: str) -> Response:
        return _detail(
            request,
            PlaceSerializer,
            pretend=lambda session: decoy.place(session, place_id),
            real=lambda user: selectors.place_get_for_user(user=user, place_id=place_id),
        )


class MemberListView(APIView):
    access_rule = READ

    @extend_schema(responses=MemberSerializer(many=True))
    def get(self, request: Request) -> Response:
        user = request_user(request)
        if user.is_decoy:
            members = decoy.members_all(http_request(request))
        else:
            members = selectors.members_for_user(user=user)
        return Response(MemberSerializer(members, many=True).data)

    @extend_schema(request=MemberInputSerializer, responses={201: MemberSerializer})
    def post(self, request: Request) -> Response:
        user = request_user(request)
        data = validated(MemberInputSerializer, request.data)
        fields = dict(data)
        account = fields.pop("account")
        linked = selectors.account_resolve(user=user, account_id=account) if account else None
        if user.is_decoy:  # checked as a real one, kept in its session only
            member = decoy.member_record(http_request(request), actor=user, **fields)
        else:
            member = services.member_create(actor=user, user=linked, **fields)
        return Response(MemberSerializer(member).data, status=status.HTTP_201_CREATED)


def _member(request: Request, member_id: str) -> Any:
    """A member by its id: a decoy's pretend one, anyone else's through its selector (any
    other id is not found, as for anyone)."""
    user = request_user(request)
    if user.is_decoy:
        return decoy.member_or_404(http_request(request), member_id)
    return selectors.member_get_for_user(user=user, member_id=member_id)


class MemberDetailView(APIView):
    access_rule = READ

    @extend_schema(responses=MemberSerializer)
    def get(self, request: Request, member_id: str) -> Response:
        return Response(MemberSerializer(_member(request, member_id)).data)


class MemberStatusView(APIView):
    access_rule = AccessRule(capability=Capability.OPERATIONS_MANAGE)

    @extend_schema(request=MemberStatusSerializer, responses=MemberSerializer)
    def post(self, request: Request, member_id: str) -> Response:
        user = request_user(request)
        member = _member(request, member_id)
        data = validated(MemberStatusSerializer, request.data)
        if user.is_decoy:
            member = decoy.member_status_record(
                http_request(request), actor=user, member=member, **data
            )
        else:
            member = services.member_set_status(actor=user, member=member, **data)
        return Response(MemberSerializer(member).data)


class HolderListView(APIView):
    access_rule = READ

    @extend_schema(
        responses=HolderSerializer(many=True),
        parameters=[
            OpenApiParameter(
                "q", str, OpenApiParameter.QUERY, description="A name or alias to search for."
            )
        ],
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        query = str(request.query_params.get("q", ""))[:200]
        if user.is_decoy:
            holders = decoy.holders_all(http_request(request), query=query)
        else:
            holders = selectors.holders_for_user(user=user, query=query)
        return Response(HolderSerializer(holders, many=True).data)

    @extend_schema(request=HolderInputSerializer, responses={201: HolderSerializer})
    def post(self, request: Request) -> Response:
        user = request_user(request)
        values = validated(HolderInputSerializer, request.data)
        if user.is_decoy:  # checked as a real one, kept in its session only
            pretend = decoy.holder_record(http_request(request), actor=user, **values)
            return Response(HolderSerializer(pretend).data, status=status.HTTP_201_CREATED)
        holder = services.holder_create(
            actor=user,
            names=values["names"],
            aliases=values["aliases"],
            places=[
                selectors.place_resolve(user=user, place_id=p, field="places")
                for p in values["places"]
            ],
            notes=values["notes"],
        )
        return Response(HolderSerializer(holder).data, status=status.HTTP_201_CREATED)


class HolderDetailView(APIView):
    access_rule = READ

    @extend_schema(responses=HolderSerializer)
    def get(self, request: Request, holder_id: str) -> Response:
        return _detail(
            request,
            HolderSerializer,
            pretend=lambda session: decoy.holder(session, holder_id),
            real=lambda user: selectors.holder_get_for_user(user=user, holder_id=holder_id),
        )


class IncidentListView(APIView):
    """A decoy's incidents are its pretend ones, recorded as a real one is and kept in its
    session only (:func:`safepassage.intel.decoy.incident_record`)."""

    access_rule = READ

    @extend_schema(responses=IncidentSerializer(many=True))
    def get(self, request: Request) -> Response:
        user = request_user(request)
        if user.is_decoy:
            incidents = decoy.incidents_all(http_request(request))
        else:
            incidents = selectors.incidents_for_user(user=user)
        return _linked(IncidentSerializer, incidents, user=user, many=True)

    @extend_schema(request=IncidentInputSerializer, responses={201: IncidentSerializer})
    def post(self, request: Request) -> Response:
        user = request_user(request)
        v = validated(IncidentInputSerializer, request.data)
        values: dict[str, Any] = {
            "kind": v["kind"],
            "occurred_on": v["occurred_on"],
            "latitude": v.get("latitude"),
            "longitude": v.get("longitude"),
            "description": v["description"],
            "phone_numbers": v["phone_numbers"],
        }
        if user.is_decoy:
            incident = decoy.incident_record(
                http_request(request),
                actor=user,
                place=v.get("place"),
                members=v["members"],
                holders=v["holders"],
                places=v["places"],
                persons=v["persons"],
                **values,
            )
            return _linked(IncidentSerializer, incident, user=user, code=status.HTTP_201_CREATED)
        incident = services.incident_create(
            actor=user,
            place=_opt(v.get("place"), lambda p: selectors.place_resolve(user=user, place_id=p)),
            members=[
                selectors.member_resolve(user=user, member_id=m, field="members")
                for m in v["members"]
            ],
            holders=[
                selectors.holder_resolve(user=user, holder_id=h, field="holders")
                for h in v["holders"]
            ],
            places=[
                selectors.place_resolve(user=user, place_id=p, field="places") for p in v["places"]
            ],
            persons=[
                selectors.person_resolve(user=user, person_id=p, field="persons")
                for p in v["persons"]
            ],
            **values,
        )
        return _linked(IncidentSerializer, incident, user=user, code=status.HTTP_201_CREATED)


class IncidentDetailView(APIView):
    access_rule = READ

    @extend_schema(responses=IncidentSerializer)
    def get(self, request: Request, incident_id: str) -> Response:
        return _detail(
            request,
            IncidentSerializer,
            pretend=lambda session: decoy.incident(session, incident_id),
            real=lambda user: selectors.incident_get_for_user(user=user, incident_id=incident_id),
        )


class LocationReportListView(APIView):
    access_rule = READ

    @extend_schema(
        parameters=[LocationReportQuerySerializer], responses=LocationReportSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        query = validated(LocationReportQuerySerializer, request.query_params)
        person_id = query.get("person")
        if user.is_decoy:  # its pretend reports only; any other person is not found
            session = http_request(request)
            found = (
                decoy.reports_for_person(session, tracing_decoy.person_or_404(session, person_id))
                if person_id
                else decoy.reports_all(session)
            )
            return _linked(LocationReportSerializer, found, user=user, many=True)
        person = (
            selectors.person_get_for_user(user=user, person_id=person_id) if person_id else None
        )
        reports = selectors.location_reports_for_user(user=user, person=person)
        return _linked(LocationReportSerializer, reports, user=user, many=True)

    @extend_schema(request=LocationReportInputSerializer, responses={201: LocationReportSerializer})
    def post(self, request: Request) -> Response:
        user = request_user(request)
        v = validated(LocationReportInputSerializer, request.data)
        if user.is_decoy:
            return self._pretend(request, v)
        person = selectors.person_resolve(user=user, person_id=v["person"])
        report = services.location_report_create(
            actor=user,
            person=person,
            source_member=_opt(
                v.get("source_member"),
                lambda m: selectors.member_resolve(user=user, member_id=m),
            ),
            source_contact=_opt(
                v.get("source_contact"),
                lambda c: selectors.contact_resolve(user=user, person=person, contact_id=c),
            ),
            place=_opt(v.get("place"), lambda p: selectors.place_resolve(user=user, place_id=p)),
            place_text=v["place_text"],
            latitude=v.get("latitude"),
            longitude=v.get("longitude"),
            holder=_opt(
                v.get("holder"), lambda h: selectors.holder_resolve(user=user, holder_id=h)
            ),
            held_since=v.get("held_since"),
            reported_at=v.get("reported_at"),
            children_count=v.get("children_count"),
            source_reliability=v["source_reliability"],
            info_credibility=v["info_credibility"],
            corroborated_by=_opt(
                v.get("corroborated_by"),
                lambda r: selectors.location_report_resolve(user=user, report_id=r),
            ),
            notes=v["notes"],
        )
        return _linked(LocationReportSerializer, report, user=user, code=status.HTTP_201_CREATED)

    def _pretend(self, request: Request, v: dict[str, Any]) -> Response:
        """:meth:`post` for a decoy: on its pretend person, as a real report is recorded."""
        session = http_request(request)
        report = decoy.report_record(
            session,
            actor=request_user(request),
            person=decoy.person_resolve(session, v["person"]),
            source_member=v.get("source_member"),
            source_contact=v.get("source_contact"),
            place=v.get("place"),
            holder=v.get("holder"),
            corroborated_by=v.get("corroborated_by"),
            place_text=v["place_text"],
            latitude=v.get("latitude"),
            longitude=v.get("longitude"),
            held_since=v.get("held_since"),
            reported_at=v.get("reported_at"),
            children_count=v.get("children_count"),
            source_reliability=v["source_reliability"],
            info_credibility=v["info_credibility"],
            notes=v["notes"],
        )
        return _linked(
            LocationReportSerializer,
            report,
            user=request_user(request),
            code=status.HTTP_201_CREATED,
        )


class LocationReportDetailView(APIView):
    access_rule = READ

    @extend_schema(responses=LocationReportSerializer)
    def get(self, request: Request, report_id: str) -> Response:
        return _detail(
            request,
            LocationReportSerializer,
            pretend=lambda session: decoy.report(session, report_id),
            real=lambda user: selectors.location_report_get_for_user(
                user=user, report_id=report_id
            ),
        )
