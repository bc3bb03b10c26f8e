"""REST API of operations: the same services, selectors and access rules as the pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from safepassage.accounts.decoy import http_request
from safepassage.accounts.permissions import AccessRule, Capability, request_user
from safepassage.api.serializers import validated
from safepassage.intel.models import Member, Place
from safepassage.operations import decoy as operations_decoy
from safepassage.operations import selectors, services
from safepassage.operations.models import (
    PRESSABLE_STATUSES,
    Channel,
    Operation,
    SupplyKind,
    TeamRole,
    Transport,
    Waypoint,
    WaypointKind,
)
from safepassage.verification.models import RescueRequest

MANAGE = AccessRule(capability=Capability.OPERATIONS_MANAGE)
FIELD = AccessRule(capability=Capability.OPERATIONS_FIELD)


def _get(request: Request, model: type[Any], value: Any, field: str) -> Any:
    """The record a plan change names (a decoy's: its own pretend one)."""
    try:
        return operations_decoy.named(http_request(request), model, value)
    except (model.DoesNotExist, ValueError, ValidationError):
        raise ValidationError({field: _("Not found.")}) from None


def _team_member(request: Request, operation: Operation, member_id: Any) -> Any:
    """A member of the operation's team by id (a decoy's: of its pretend draft's team)."""
    return operations_decoy.team_member_of(http_request(request), operation, member_id)


def _route_waypoint(request: Request, operation: Operation, waypoint_id: Any) -> Waypoint | None:
    """The waypoint of this operation's route a check-in names (none named: None; a decoy's:
    a stop of its pretend draft's route)."""
    if not waypoint_id:
        return None
    if request_user(request).is_decoy:
        waypoint = operations_decoy.waypoint(http_request(request), operation, waypoint_id)
    else:
        waypoint = operation.waypoints.filter(pk=waypoint_id).first()
    if waypoint is None:
        raise ValidationError({"waypoint": _("That waypoint is not on this route.")})
    waypoint_found: Waypoint = waypoint
    return waypoint_found


# --- serializers ---------------------------------------------------------------------------


class OperationSummarySerializer(serializers.Serializer[object]):
    id = serializers.UUIDField(read_only=True)
    codename = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    started_at = serializers.DateTimeField(read_only=True, allow_null=True)
    ended_at = serializers.DateTimeField(read_only=True, allow_null=True)
    check_in_due_at = serializers.DateTimeField(read_only=True, allow_null=True)


class OperationCreateSerializer(serializers.Serializer[object]):
    codename = serializers.CharField(max_length=64)
    objective = serializers.CharField(max_length=4000, required=False, default="")
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.WEB)
    check_in_interval_minutes = serializers.IntegerField(min_value=1, max_value=1440, default=60)
    grace_minutes = serializers.IntegerField(min_value=0, max_value=720, default=15)
    check_in_code = serializers.CharField(max_length=64, required=False, default="")
    duress_code = serializers.CharField(max_length=64, required=False, default="")
    comm_notes = serializers.CharField(max_length=2000, required=False, default="")


class PlanPersonSerializer(serializers.Serializer[object]):
    id = serializers.UUIDField(read_only=True)
    person = serializers.UUIDField(source="person_id", read_only=True)
    rescue_request = serializers.UUIDField(source="rescue_request_id", read_only=True)
    brought_out = serializers.BooleanField(read_only=True, allow_null=True)


class TeamMemberSerializer(serializers.Serializer[object]):
    id = serializers.UUIDField(read_only=True)
    member = serializers.UUIDField(source="member_id", read_only=True)
    codename = serializers.CharField(source="member.codename", read_only=True)
    role = serializers.CharField(read_only=True)
    outcome = serializers.CharField(read_only=True)


class WaypointSerializer(serializers.Serializer[object]):
    id = serializers.UUIDField(read_only=True)
    position = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    place = serializers.UUIDField(source="place_id", read_only=True)
    place_name = serializers.CharField(source="place.name", read_only=True)
    planned_arrival = serializers.DateTimeField(read_only=True)
    transport = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)
    reached_at = serializers.DateTimeField(read_only=True, allow_null=True)


class SupplySerializer(serializers.Serializer[object]):
    id = serializers.UUIDField(read_only=True)
    kind = serializers.CharField(read_only=True)
    quantity = serializers.IntegerField(read_only=True)
    note = serializers.CharField(read_only=True)
    carried_by = serializers.UUIDField(source="carried_by_id", read_only=True, allow_null=True)


class CheckInSerializer(serializers.Serializer[object]):
    id = serializers.UUIDField(read_only=True)
    at = serializers.DateTimeField(read_only=True)
    member = serializers.CharField(source="team_member.member.codename", read_only=True)
    waypoint = serializers.UUIDField(source="waypoint_id", read_only=True, allow_null=True)
    position = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    code_result = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)


class AlertBriefSerializer(serializers.Serializer[object]):
    id = serializers.UUIDField(read_only=True)
    kind = serializers.CharField(read_only=True)
    message = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    acknowledged_at = serializers.DateTimeField(read_only=True, allow_null=True)
    closed_by_system = serializers.BooleanField(
        read_only=True, help_text="Retired by the system: what it asked no longer holds."
    )


class PlanSerializer(serializers.Serializer[object]):
    operation = OperationSummarySerializer(read_only=True)
    persons = PlanPersonSerializer(many=True, read_only=True)
    team = TeamMemberSerializer(many=True, read_only=True)
    waypoints = WaypointSerializer(many=True, read_only=True)
    supplies = SupplySerializer(many=True, read_only=True)
    check_ins = CheckInSerializer(many=True, read_only=True)
    alerts = AlertBriefSerializer(many=True, read_only=True)


class AddPersonSerializer(serializers.Serializer[object]):
    rescue_request = serializers.UUIDField()


class AddTeamSerializer(serializers.Serializer[object]):
    member = serializers.UUIDField()
    role = serializers.ChoiceField(choices=TeamRole.choices)


class AddWaypointSerializer(serializers.Serializer[object]):
    kind = serializers.ChoiceField(choices=WaypointKind.choices)
    place = serializers.UUIDField()
    planned_arrival = serializers.DateTimeField()
    transport = serializers.ChoiceField(choices=Transport.choices, default=Transport.FOOT)
    note = serializers.CharField(max_length=1000, required=False, default="")


class AddSupplySerializer(serializers.Serializer[object]):
    kind = serializers.ChoiceField(choices=SupplyKind.choices)
    quantity = serializers.IntegerField(min_value=1, max_value=100000)
    carried_by = serializers.UUIDField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=200, required=False, default="")


class EndSerializer(serializers.Serializer[object]):
    status = serializers.ChoiceField(choices=["completed", "aborted", "failed"])
    notes = serializers.CharField(max_length=4000)
    brought_out = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)
    member_outcomes = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict
    )


class CheckInCreateSerializer(serializers.Serializer[object]):
    pressed = serializers.ChoiceField(choices=[s.value for s in PRESSABLE_STATUSES])
    code = serializers.CharField(max_length=64, required=False, default="", allow_blank=True)
    waypoint = serializers.UUIDField(required=False, allow_null=True, default=None)
    position = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    team_member = serializers.UUIDField(required=False, allow_null=True, default=None)


class CheckInReceiptSerializer(serializers.Serializer[object]):
    received = serializers.BooleanField(read_only=True)


class FieldPersonSerializer(serializers.Serializer[object]):
    id = serializers.CharField(read_only=True)
    first_name = serializers.CharField(read_only=True)
    has_photo = serializers.BooleanField(read_only=True)


class FieldTeamSerializer(serializers.Serializer[object]):
    codename = serializers.CharField(source="member.codename", read_only=True)
    role = serializers.CharField(read_only=True)


class FieldSupplySerializer(serializers.Serializer[object]):
    kind = serializers.CharField(read_only=True)
    quantity = serializers.IntegerField(read_only=True)
    note = serializers.CharField(read_only=True)
    carried_by = serializers.CharField(
        source="carried_by.member.codename", read_only=True, allow_null=True, default=None
    )


class FieldViewSerializer(serializers.Serializer[object]):
    id = serializers.UUIDField(source="operation.id", read_only=True)
    codename = serializers.CharField(source="operation.codename", read_only=True)
    status = serializers.CharField(source="operation.status", read_only=True)
    check_in_due_at = serializers.DateTimeField(source="operation.check_in_due_at", read_only=True)
    check_in_interval_minutes = serializers.IntegerField(
        source="operation.check_in_interval_minutes", read_only=True
    )
    grace_minutes = serializers.IntegerField(source="operation.grace_minutes", read_only=True)
    team = FieldTeamSerializer(many=True, read_only=True)
    waypoints = WaypointSerializer(many=True, read_only=True)
    supplies = FieldSupplySerializer(many=True, read_only=True)
    persons = FieldPersonSerializer(many=True, read_only=True)


class CompromiseLineSerializer(serializers.Serializer[object]):
    object_type = serializers.CharField(read_only=True)
    object_id = serializers.CharField(read_only=True)
    name = serializers.CharField(source="label", read_only=True)
    could_see = serializers.ListField(child=serializers.CharField(), read_only=True)
    did_see = serializers.IntegerField(read_only=True)
    actions = serializers.ListField(child=serializers.CharField(), read_only=True)
    last_seen = serializers.DateTimeField(read_only=True)


class CompromiseGroupSerializer(serializers.Serializer[object]):
    key = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    lines = CompromiseLineSerializer(many=True, read_only=True)


class CompromiseSerializer(serializers.Serializer[object]):
    subject = serializers.CharField(read_only=True)
    all_cases = serializers.BooleanField(read_only=True)
    all_operations = serializers.BooleanField(read_only=True)
    groups = CompromiseGroupSerializer(many=True, read_only=True)


# --- views ---------------------------------------------------------------------------------


class OperationListView(APIView):
    access_rule = MANAGE

    @extend_schema(responses=OperationSummarySerializer(many=True))
    def get(self, request: Request) -> Response:
        user = request_user(request)
        if user.is_decoy:
            operations = operations_decoy.operations_all(http_request(request))
        else:
            operations = selectors.operations_for_coordinator(user=user)
        return Response(OperationSummarySerializer(operations, many=True).data)

    @extend_schema(request=OperationCreateSerializer, responses=OperationSummarySerializer)
    def post(self, request: Request) -> Response:
        user = request_user(request)
        data = validated(OperationCreateSerializer, request.data)
        if user.is_decoy:
            operation = operations_decoy.operation_record(http_request(request), actor=user, **data)
        else:
            operation = services.operation_create(actor=user, **data)
        return Response(OperationSummarySerializer(operation).data, status=201)


def _operation(request: Request, operation_id: Any) -> Operation:
    user = request_user(request)
    if user.is_decoy:
        return operations_decoy.operation_or_404(http_request(request), operation_id)
    return selectors.operation_get_for_coordinator(user=user, operation_id=operation_id)


def _plan(request: Request, operation: Operation) -> selectors.Plan:
    """The operation's plan and log as they stand now (a decoy's pretend draft's, kept)."""
    if request_user(request).is_decoy:
        return operations_decoy.plan(http_request(request), operation)
    operation.refresh_from_db()
    return selectors.operation_plan(user=request_user(request), operation=operation)


def _plan_response(request: Request, operation: Operation, status: int = 200) -> Response:
    return Response(PlanSerializer(_plan(request, operation)).data, status=status)


class OperationDetailView(APIView):
    access_rule = MANAGE

    @extend_schema(responses=PlanSerializer)
    def get(self, request: Request, operation_id: str) -> Response:
        return _plan_response(request, _operation(request, operation_id))


def _add(request: Request, operation: Operation, section: str, **values: Any) -> None:
    """Add to a draft's ``section`` (a decoy's pretend draft's, kept in its session)."""
    operations_decoy.plan_save(
        http_request(request),
        actor=request_user(request),
        operation=operation,
        section=section,
        **values,
    )


class OperationPlanAddView(APIView):
    """POST a person (by rescue request), team member, waypoint or supply to a draft."""

    access_rule = MANAGE
    section = ""

    @extend_schema(request=None, responses=PlanSerializer)
    def post(self, request: Request, operation_id: str) -> Response:
        operation = _operation(request, operation_id)
        if self.section == "persons":
            person = validated(AddPersonSerializer, request.data)
            rescue = _get(request, RescueRequest, person["rescue_request"], "rescue_request")
            _add(request, operation, "person", rescue_request=rescue)
        elif self.section == "team":
            team = dict(validated(AddTeamSerializer, request.data))
            team["member"] = _get(request, Member, team["member"], "member")
            _add(request, operation, "team", **team)
        elif self.section == "waypoints":
            values = dict(validated(AddWaypointSerializer, request.data))
            values["place"] = _get(request, Place, values["place"], "place")
            _add(request, operation, "waypoint", **values)
        else:
            values = dict(validated(AddSupplySerializer, request.data))
            if values["carried_by"] is not None:
                carrier = _team_member(request, operation, values["carried_by"])
                if carrier is None:
                    raise ValidationError({"carried_by": _("Not on this operation's team.")})
                values["carried_by"] = carrier
            _add(request, operation, "supply", **values)
        return _plan_response(request, operation, status=201)


class OperationTransitionView(APIView):
    """Approve, send back to draft (``reopen``), start or end an operation."""

    access_rule = MANAGE
    action = ""

    @extend_schema(request=EndSerializer, responses=PlanSerializer)
    def post(self, request: Request, operation_id: str) -> Response:
        user = request_user(request)
        operation = _operation(request, operation_id)
        ending = validated(EndSerializer, request.data) if self.action == "end" else {}
        operations_decoy.operation_step(
            http_request(request), actor=user, operation=operation, action=self.action, **ending
        )
        return _plan_response(request, operation)


class OperationCheckInView(APIView):
    """GET the check-in log (coordinators); POST a check-in relayed by phone."""

    access_rule = MANAGE

    @extend_schema(responses=CheckInSerializer(many=True))
    def get(self, request: Request, operation_id: str) -> Response:
        plan = _plan(request, _operation(request, operation_id))
        return Response(CheckInSerializer(plan.check_ins, many=True).data)

    @extend_schema(request=CheckInCreateSerializer, responses=CheckInSerializer)
    def post(self, request: Request, operation_id: str) -> Response:
        user = request_user(request)
        operation = _operation(request, operation_id)
        try:
            data = validated(CheckInCreateSerializer, request.data)
            values = dict(data)
            if not values["team_member"]:
                raise ValidationError({"team_member": _("Name the team member who checked in.")})
            values["team_member"] = _team_member(request, operation, values["team_member"])
            if values["team_member"] is None:
                raise ValidationError(
                    {"team_member": _("That member is not on this operation's team.")}
                )
            values["waypoint"] = _route_waypoint(request, operation, values["waypoint"])
        except (ValidationError, serializers.ValidationError):
            # The same refusal whatever the code; a duress code still alerts.
            sent = _sent(request)
            given = {
                "code": sent.get("code", ""),
                "team_member_id": sent.get("team_member"),
                "waypoint_id": sent.get("waypoint"),
                "position": sent.get("position", ""),
            }
            if user.is_decoy:  # its pretend draft's duress code raises its pretend alert
                operations_decoy.check_in_relay_refused(
                    http_request(request), actor=user, operation=operation, **given
                )
            else:
                services.check_in_relay_refused(actor=user, operation=operation, **given)
            raise
        if user.is_decoy:
            operations_decoy.check_in_relay(
                http_request(request), actor=user, operation=operation, **values
            )
        check_in = services.check_in_record(actor=user, operation=operation, **values)
        return Response(CheckInSerializer(check_in).data, status=201)


class FieldListView(APIView):
    access_rule = FIELD

    @extend_schema(responses=OperationSummarySerializer(many=True))
    def get(self, request: Request) -> Response:
        operations = selectors.field_operations(user=request_user(request))
        return Response(OperationSummarySerializer(operations, many=True).data)


class FieldDetailView(APIView):
    access_rule = FIELD

    @extend_schema(responses=FieldViewSerializer)
    def get(self, request: Request, operation_id: str) -> Response:
        user = request_user(request)
        operation = selectors.field_operation_get(user=user, operation_id=operation_id)
        return Response(
            FieldViewSerializer(selectors.field_view(user=user, operation=operation)).data
        )


def _sent(request: Request) -> Mapping[str, Any]:
    """The body of a refused request as sent: an object, or nothing (not parsed, or not one)."""
    try:
        body = request.data
    except (ParseError, UnsupportedMediaType):
        body = {}
    return body if isinstance(body, Mapping) else {}


def _check_in_refused(request: Request, operation_id: str) -> None:
    """A check-in refused before the service (its operation not shown, or its body refused):
    the code, waypoint and position as sent, so a duress code in a refused body still alerts."""
    sent = _sent(request)
    services.check_in_unseen(
        actor=request_user(request),
        operation_id=operation_id,
        code=sent.get("code", ""),
        waypoint_id=sent.get("waypoint"),
        position=sent.get("position", ""),
    )


class FieldCheckInView(APIView):
    """A team member checks in. The answer is the same whatever code was sent."""

    access_rule = FIELD

    @extend_schema(request=CheckInCreateSerializer, responses=CheckInReceiptSerializer)
    def post(self, request: Request, operation_id: str) -> Response:
        user = request_user(request)
        try:
            operation = selectors.field_operation_get(user=user, operation_id=operation_id)
        except Http404:
            # Not found whatever the code, and whatever the body; a duress code still alerts.
            _check_in_refused(request, operation_id)
            raise
        try:
            data = validated(CheckInCreateSerializer, request.data)
            values = dict(data)
            values.pop("team_member", None)
            values["waypoint"] = _route_waypoint(request, operation, values["waypoint"])
        except (ValidationError, serializers.ValidationError):
            # The same refusal whatever the code; a duress code still alerts.
            _check_in_refused(request, operation_id)
            raise
        services.check_in_record(actor=user, operation=operation, **values)
        return Response({"received": True}, status=201)


class CompromiseView(APIView):
    access_rule = MANAGE

    @extend_schema(
        responses={
            (200, "application/json"): CompromiseSerializer,
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description="The report as a CSV file (with format=csv)."
            ),
        },
        parameters=[
            OpenApiParameter(
                "format",
                str,
                OpenApiParameter.QUERY,
                enum=["csv"],
                description="csv: the report as a CSV file instead of JSON.",
            )
        ],
    )
    def get(self, request: Request, kind: str, subject_id: str) -> Response | HttpResponse:
        if kind not in ("member", "account"):
            raise Http404
        user = request_user(request)
        report = operations_decoy.compromise_report_shown(
            http_request(request), user=user, kind=kind, subject_id=subject_id
        )
        if request.query_params.get("format") == "csv":
            response = HttpResponse(
                operations_decoy.compromise_csv(user, report),
                content_type="text/csv; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="compromise-report.csv"'
            return response
        for group in report.groups:
            for line in group.lines:
                line.actions = sorted(line.actions)  # type: ignore[assignment]
        return Response(CompromiseSerializer(report).data)


urlpatterns = [
    path("operations/", OperationListView.as_view(), name="operations"),
    path("operations/<uuid:operation_id>/", OperationDetailView.as_view(), name="operation"),
    *[
        path(
            f"operations/<uuid:operation_id>/{section}/",
            OperationPlanAddView.as_view(section=section),
            name=f"operation_{section}",
        )
        for section in ("persons", "team", "waypoints", "supplies")
    ],
    *[
        path(
            f"operations/<uuid:operation_id>/{action}/",
            OperationTransitionView.as_view(action=action),
            name=f"operation_{action}",
        )
        for action in ("approve", "reopen", "start", "end")
    ],
    path(
        "operations/<uuid:operation_id>/check-ins/",
        OperationCheckInView.as_view(),
        name="operation_check_ins",
    ),
    path("field/operations/", FieldListView.as_view(), name="field_operations"),
    path(
        "field/operations/<uuid:operation_id>/",
        FieldDetailView.as_view(),
        name="field_operation",
    ),
    path(
        "field/operations/<uuid:operation_id>/check-in/",
        FieldCheckInView.as_view(),
        name="field_check_in",
    ),
    path(
        "compromise/<str:kind>/<uuid:subject_id>/",
        CompromiseView.as_view(),
        name="compromise",
    ),
]
