"""The auditor's page: the newest events and whether the chain holds."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from safepassage.accounts.permissions import Capability, access
from safepassage.audit.models import AuditEvent
from safepassage.audit.services import audit_verify

PAGE = 100


@access(capability=Capability.AUDIT_READ)
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.order_by("-seq")
    before = request.GET.get("before", "")
    if before.isdigit():
        events = events.filter(seq__lt=int(before))
    page = list(events[: PAGE + 1])
    has_next = len(page) > PAGE
    page = page[:PAGE]
    return render(
        request,
        "audit/event_list.html",
        {
            "events": page,
            "verdict": audit_verify() if request.GET.get("verify") == "1" else None,
            "page": {"has_next": has_next, "next_before": page[-1].seq if page else 0},
        },
    )
