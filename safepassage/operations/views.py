"""Alert pages: the polled panel on coordinators' pages and acknowledgement."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, access, get_visible_or_404
from safepassage.operations.models import Alert
from safepassage.operations.selectors import alerts_open_for_user
from safepassage.operations.services import alert_acknowledge


@access(capability=Capability.ALERTS)
@require_GET
def alerts_panel(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    alerts = alerts_open_for_user(user=user)
    return render(request, "operations/alerts_panel.html", {"alerts": alerts})


@access(capability=Capability.ALERTS)
@require_POST
def alert_acknowledge_view(request: HttpRequest, alert_id: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    alert = get_visible_or_404(Alert.objects.all(), user, alert_id)
    try:
        alert_acknowledge(actor=user, alert=alert, note=request.POST.get("note", "")[:500])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Alert acknowledged."))
    return redirect("dashboard")
