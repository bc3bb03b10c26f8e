"""API views: parse, call a service or selector, render. Same rules as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepassage.accounts.decoy import http_request
from safepassage.accounts.models import User
from safepassage.accounts.permissions import AccessRule, Capability, get_visible_or_404
from safepassage.api.serializers import (
    AcknowledgeSerializer,
    AlertSerializer,
    MeSerializer,
    validated,
)
from safepassage.operations import decoy as operations_decoy
from safepassage.operations.models import Alert
from safepassage.operations.selectors import alert_rows
from safepassage.operations.services import alert_acknowledge
from safepassage.tracing.decoy import shown_as


class SchemaView(SpectacularAPIView):
    access_rule = AccessRule(any_verified_user=True)


class MeView(APIView):
    access_rule = AccessRule(any_verified_user=True)

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        # A decoy is its owner here as on its pages: the same id, codename and role.
        return Response(MeSerializer(shown_as(request.user)).data)  # type: ignore[arg-type]


class AlertListView(APIView):
    access_rule = AccessRule(capability=Capability.ALERTS)

    @extend_schema(responses=AlertSerializer(many=True))
    def get(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        alerts = operations_decoy.alert_rows_open(http_request(request), user, limit=100)
        return Response(AlertSerializer(alerts, many=True).data)


class AlertAcknowledgeView(APIView):
    access_rule = AccessRule(capability=Capability.ALERTS)

    @extend_schema(request=AcknowledgeSerializer, responses=AlertSerializer)
    def post(self, request: Request, alert_id: str) -> Response:
        user: User = request.user  # type: ignore[assignment]
        if user.is_decoy:  # its pretend alerts only; any other is not found
            session = http_request(request)
            pretend = operations_decoy.alert_or_404(session, alert_id)
            data = validated(AcknowledgeSerializer, request.data)
            pretend = operations_decoy.acknowledge(
                session, actor=user, alert=pretend, note=data["note"]
            )
            return Response(AlertSerializer(operations_decoy.row(session, pretend)).data)
        alert = get_visible_or_404(Alert.objects.all(), user, alert_id)
        data = validated(AcknowledgeSerializer, request.data)
        alert = alert_acknowledge(actor=user, alert=alert, note=data["note"])
        return Response(AlertSerializer(alert_rows(user=user, alerts=[alert])[0]).data)
