"""Project-level pages: the dashboard shell, the language switch and a health check."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.i18n import set_language as django_set_language

from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, access, has_capability
from safepassage.operations.selectors import alerts_open_for_user


@access(any_verified_user=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    show_alerts = has_capability(user, Capability.ALERTS)
    return render(
        request,
        "dashboard.html",
        {
            "show_alerts": show_alerts,
            "alerts": alerts_open_for_user(user=user) if show_alerts else [],
            "role_label": user.get_role_display(),
            "sections": [],
        },
    )


@access(public=True)
def set_language(request: HttpRequest) -> HttpResponse:
    return django_set_language(request)


@access(public=True)
def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"ok": True})
