"""The auditor's page: the newest events and whether the chain holds."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from safepassage.accounts.permissions import Capability, access, request_user
from safepassage.audit import selectors


@access(capability=Capability.AUDIT_READ)
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    page = selectors.event_page_for_user(user=user, before=request.GET.get("before", ""))
    return render(
        request,
        "audit/event_list.html",
        {
            "events": page.rows,
            "verdict": (
                selectors.chain_verdict_for_user(user=user)
                if request.GET.get("verify") == "1"
                else None
            ),
            "page": {"has_next": page.has_next, "next_before": page.next_before},
        },
    )
