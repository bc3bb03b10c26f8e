"""Verification REST API: requests with their assessment, approvals, and the rules.

A decoy (duress) session's requests are its pretend ones about its pretend persons: recorded,
assessed, approved and assessed again as real ones are, kept in its session only
(:mod:`safepassage.verification.decoy`); any other id is not found.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepassage.accounts.decoy import http_request
from safepassage.accounts.permissions import AccessRule, Capability, request_user
from safepassage.api.serializers import validated
from safepassage.intel import decoy as intel_decoy
from safepassage.intel import selectors as intel
from safepassage.verification import decoy, selectors, services
from safepassage.verification.serializers import (
    ReasonSerializer,
    RequestInputSerializer,
    RequestSerializer,
    RulesSerializer,
)


class RequestListView(APIView):
    access_rule = AccessRule(capability=Capability.CASES_READ)

    @extend_schema(
        responses=RequestSerializer(many=True),
        parameters=[
            OpenApiParameter(
                "waiting",
                bool,
                OpenApiParameter.QUERY,
                description="true (or 1): only requests waiting for an approval.",
            )
        ],
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        waiting = request.query_params.get("waiting") in ("1", "true")
        views = (
            decoy.open_requests(http_request(request), waiting_only=waiting)
            if user.is_decoy
            else selectors.requests_for_user(user=user, waiting_only=waiting)
        )
        return Response(RequestSerializer(views, many=True).data)

    @extend_schema(request=RequestInputSerializer, responses={201: RequestSerializer})
    def post(self, request: Request) -> Response:
        user = request_user(request)
        v = validated(RequestInputSerializer, request.data)
        if user.is_decoy:
            return self._pretend(request, v)
        person = intel.person_resolve(user=user, person_id=v["person"])

        def place(field: str) -> object:
            value = v.get(field)
            return intel.place_resolve(user=user, place_id=value, field=field) if value else None

        rescue = services.request_create(
            actor=user,
            person=person,
            contacts=[
                intel.contact_resolve(user=user, person=person, contact_id=c, field="contacts")
                for c in v["contacts"]
            ],
            pickup_place=place("pickup_place"),  # type: ignore[arg-type]
            pickup_latitude=v.get("pickup_latitude"),
            pickup_longitude=v.get("pickup_longitude"),
            pickup_text=v["pickup_text"],
            stated_place=place("stated_place"),  # type: ignore[arg-type]
            stated_holder=intel.holder_resolve(
                user=user, holder_id=v["stated_holder"], field="stated_holder"
            )
            if v.get("stated_holder")
            else None,
            children_count=v.get("children_count"),
            urgency_claimed=v["urgency_claimed"],
            holder_away_claimed=v["holder_away_claimed"],
            pickup_at_captive_location=v["pickup_at_captive_location"],
            network_chosen_meeting_point=v["network_chosen_meeting_point"],
            notes=v["notes"],
        )
        return Response(
            RequestSerializer(selectors.request_view(rescue, user=user)).data,
            status=status.HTTP_201_CREATED,
        )

    def _pretend(self, request: Request, v: dict[str, Any]) -> Response:
        """:meth:`post` for a decoy: on its pretend person, as a real request is recorded."""
        session = http_request(request)
        rescue = decoy.request_record(
            session,
            actor=request_user(request),
            person=intel_decoy.person_resolve(session, v["person"]),
            contacts=v["contacts"],
            pickup_place=v.get("pickup_place"),
            stated_place=v.get("stated_place"),
            stated_holder=v.get("stated_holder"),
            pickup_latitude=v.get("pickup_latitude"),
            pickup_longitude=v.get("pickup_longitude"),
            pickup_text=v["pickup_text"],
            children_count=v.get("children_count"),
            urgency_claimed=v["urgency_claimed"],
            holder_away_claimed=v["holder_away_claimed"],
            pickup_at_captive_location=v["pickup_at_captive_location"],
            network_chosen_meeting_point=v["network_chosen_meeting_point"],
            notes=v["notes"],
        )
        return Response(
            RequestSerializer(decoy.page_or_404(session, rescue.pk)[1]).data,
            status=status.HTTP_201_CREATED,
        )


class RequestDetailView(APIView):
    access_rule = AccessRule(capability=Capability.CASES_READ)

    @extend_schema(responses=RequestSerializer)
    def get(self, request: Request, request_id: str) -> Response:
        if request_user(request).is_decoy:
            _rescue, view = decoy.page_or_404(http_request(request), request_id)
            return Response(RequestSerializer(view).data)
        rescue = selectors.request_get_for_user(user=request_user(request), request_id=request_id)
        return Response(
            RequestSerializer(selectors.request_view(rescue, user=request_user(request))).data
        )


class RequestApproveView(APIView):
    access_rule = AccessRule(capability=Capability.APPROVE)

    @extend_schema(request=ReasonSerializer, responses=RequestSerializer)
    def post(self, request: Request, request_id: str) -> Response:
        user = request_user(request)
        if user.is_decoy:  # its pretend requests only
            session = http_request(request)
            rescue, view = decoy.page_or_404(session, request_id)
            data = validated(ReasonSerializer, request.data)
            decoy.approve(session, actor=user, rescue=rescue, view=view, reason=data["reason"])
            return Response(RequestSerializer(decoy.page_or_404(session, request_id)[1]).data)
        rescue = selectors.request_get_for_user(user=user, request_id=request_id)
        data = validated(ReasonSerializer, request.data)
        services.request_approve(actor=user, request=rescue, reason=data["reason"])
        return Response(RequestSerializer(selectors.request_view(rescue, user=user)).data)


class RequestRecomputeView(APIView):
    access_rule = AccessRule(capability=Capability.CASES_READ)

    @extend_schema(request=None, responses=RequestSerializer)
    def post(self, request: Request, request_id: str) -> Response:
        user = request_user(request)
        if user.is_decoy:  # "assessed again" in its session, on its pretend request only
            session = http_request(request)
            if not decoy.recompute(session, request_id):
                raise Http404
            return Response(RequestSerializer(decoy.page_or_404(session, request_id)[1]).data)
        rescue = selectors.request_get_for_user(user=user, request_id=request_id)
        services.request_recompute(actor=user, request=rescue)
        return Response(RequestSerializer(selectors.request_view(rescue, user=user)).data)


class RulesView(APIView):
    access_rule = AccessRule(capability=Capability.APPROVE)

    @extend_schema(responses=RulesSerializer)
    def get(self, request: Request) -> Response:
        _config, rules = selectors.rules_current()
        return Response(
            {"weights": rules.weights, "params": rules.params, "threshold": rules.threshold}
        )

    @extend_schema(request=RulesSerializer, responses=RulesSerializer)
    def post(self, request: Request) -> Response:
        v = validated(RulesSerializer, request.data)
        config = services.rules_update(
            actor=request_user(request),
            weights=v["weights"],
            params=v["params"],
            threshold=v["threshold"],
            reason=v["reason"],
        )
        return Response(
            {"weights": config.weights, "params": config.params, "threshold": config.threshold}
        )
