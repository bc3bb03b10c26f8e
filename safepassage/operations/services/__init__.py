"""Operation services: the only code that writes operations, check-ins and alerts.

The package re-exports each service, so callers write ``from safepassage.operations.services
import alert_raise``.
"""

from safepassage.operations.services.alerts import (
    alert_acknowledge,
    alert_acknowledge_pretend,
    alert_email_send,
    alert_open_exists,
    alert_pretend,
    alert_raise,
    alerts_resolve,
    site_url,
)
from safepassage.operations.services.planning import (
    normalise_code,
    operation_add_request,
    operation_approve,
    operation_create,
    operation_pretend,
    operation_return_to_draft,
    operation_set_comm_plan,
    plan_item_remove,
    plan_lacks,
    plan_problems,
    supply_add,
    team_member_add,
    waypoint_add,
)
from safepassage.operations.services.running import (
    blocked_alerts_follow,
    check_in_record,
    check_in_relay_refused,
    check_in_unseen,
    deadlines_check,
    operation_end,
    operation_start,
    team_member_for,
    uncleared_requests,
)

__all__ = [
    "alert_acknowledge",
    "alert_acknowledge_pretend",
    "alert_email_send",
    "alert_open_exists",
    "alert_pretend",
    "alert_raise",
    "alerts_resolve",
    "blocked_alerts_follow",
    "check_in_record",
    "check_in_relay_refused",
    "check_in_unseen",
    "deadlines_check",
    "normalise_code",
    "operation_add_request",
    "operation_approve",
    "operation_create",
    "operation_end",
    "operation_pretend",
    "operation_return_to_draft",
    "operation_set_comm_plan",
    "operation_start",
    "plan_item_remove",
    "plan_lacks",
    "plan_problems",
    "site_url",
    "supply_add",
    "team_member_add",
    "team_member_for",
    "uncleared_requests",
    "waypoint_add",
]
