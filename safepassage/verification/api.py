"""Verification REST API: requests with their assessment, approvals, and the rules."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepassage.accounts.permissions import AccessRule, Capability, request_user
from safepassage.api.serializers import validated
from safepassage.intel import selectors as intel
from safepassage.verification import selectors, services
from safepassage.verification.serializers import (
    ReasonSerializer,
    RequestInputSerializer,
    RequestSerializer,
    RulesSerializer,
)


class RequestListView(APIView):
    access_rule = AccessRule(capability=Capability.CASES_READ)

    @extend_schema(responses=RequestSerializer(many=True))
    def get(self, request: Request) -> Response:
        waiting = request.query_params.get("waiting") in ("1", "true")
        views = selectors.requests_for_user(user=request_user(request), waiting_only=waiting)
        return Response(RequestSerializer(views, many=True).data)

    @extend_schema(request=RequestInputSerializer, responses={201: RequestSerializer})
    def post(self, request: Request) -> Response:
        user = request_user(request)
        v = validated(RequestInputSerializer, request.data)
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


class RequestDetailView(APIView):
    access_rule = AccessRule(capability=Capability.CASES_READ)

    @extend_schema(responses=RequestSerializer)
    def get(self, request: Request, request_id: str) -> Response:
        rescue = selectors.request_get_for_user(user=request_user(request), request_id=request_id)
        return Response(
            RequestSerializer(selectors.request_view(rescue, user=request_user(request))).data
        )


class RequestApproveView(APIView):
    access_rule = AccessRule(capability=Capability.APPROVE)

    @extend_schema(request=ReasonSerializer, responses=RequestSerializer)
    def post(self, request: Request, request_id: str) -> Response:
        user = request_user(request)
        rescue = selectors.request_get_for_user(user=user, request_id=request_id)
        data = validated(ReasonSerializer, request.data)
        services.request_approve(actor=user, request=rescue, reason=data["reason"])
        return Response(RequestSerializer(selectors.request_view(rescue, user=user)).data)


class RequestRecomputeView(APIView):
    access_rule = AccessRule(capability=Capability.CASES_READ)

    @extend_schema(request=None, responses=RequestSerializer)
    def post(self, request: Request, request_id: str) -> Response:
        user = request_user(request)
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
