"""Project-level pages: the dashboard shell, the language switch and a health check."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.i18n import set_language as django_set_language

from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, access, has_capability
from safepassage.operations.decoy import alert_rows_open


@access(any_verified_user=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    show_alerts = has_capability(user, Capability.ALERTS)
    return render(
        request,
        "dashboard.html",
        {
            "show_alerts": show_alerts,
            "alerts": alert_rows_open(request, user) if show_alerts else [],
            "role_label": user.get_role_display(),
            "sections": _field_sections(user)
            + _tracing_sections(request, user)
            + _intel_sections(request, user)
            + _aftercare_sections(request, user),
        },
    )


def _field_sections(user: User) -> list[tuple[str, str]]:
    """A field member's operations (approved or underway), each linked to its field page."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from safepassage.operations.selectors import field_operations

    if not has_capability(user, Capability.OPERATIONS_FIELD):
        return []
    # The codename is set apart (Unicode isolates) so it reads whole in right-to-left text.
    return [
        (
            reverse("operations:field", args=[operation.pk]),
            _("Your operation %(codename)s: %(status)s")
            % {
                "codename": f"\u2068{operation.codename}\u2069",
                "status": operation.get_status_display(),
            },
        )
        for operation in field_operations(user=user)
    ]


def _tracing_sections(request: HttpRequest, user: User) -> list[tuple[str, str]]:
    """Tracing entries on the dashboard, with counts (no personal data)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from safepassage.tracing.selectors import dashboard_counts_for_user

    counts = dashboard_counts_for_user(user=user)
    if not counts:
        return []
    if user.is_decoy:  # no record, but its own pretend persons count as real ones would
        from safepassage.tracing import decoy, decoy_duplicates

        counts = {
            **counts,
            "persons": len(decoy.persons(request)),
            "duplicates": len(decoy_duplicates.open_pairs(request)),
        }
    sections = [
        (reverse("tracing:person_list"), _("Persons (%(n)d)") % {"n": counts["persons"]}),
    ]
    if has_capability(user, Capability.CASES_WRITE):
        sections.append((reverse("tracing:intake"), _("New report")))
    sections.append(
        (
            reverse("tracing:duplicate_list"),
            _("Suspected duplicates (%(n)d)") % {"n": counts["duplicates"]},
        )
    )
    return sections


def _intel_sections(request: HttpRequest, user: User) -> list[tuple[str, str]]:
    """Intel and verification entries: members, holders, incidents, the approval queue."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    # A decoy sees the same entries as its role's real accounts, with nothing behind them.
    if not has_capability(user, Capability.CASES_READ):
        return []
    sections = [
        (reverse("intel:member_list"), _("Members")),
        (reverse("intel:holder_list"), _("Holders")),
        (reverse("intel:incident_list"), _("Incidents")),
    ]
    if has_capability(user, Capability.APPROVE):
        from safepassage.verification import decoy
        from safepassage.verification.selectors import requests_waiting_count

        # A decoy's count: its own pretend requests waiting, as a real one's would count.
        waiting = (
            len(decoy.waiting(request)) if user.is_decoy else requests_waiting_count(user=user)
        )
        sections.append(
            (
                reverse("verification:queue"),
                _("Requests waiting for verification (%(n)d)") % {"n": waiting},
            )
        )
    return sections


def _aftercare_sections(request: HttpRequest, user: User) -> list[tuple[str, str]]:
    """Aftercare entries: my follow-ups (overdue count), record an arrival."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from safepassage.aftercare import decoy
    from safepassage.aftercare.selectors import followups_overdue_count

    if not has_capability(user, Capability.CASES_READ):
        return []
    # A decoy's count: its pretend referrals overdue, as a real user's real ones count.
    overdue = (
        len(decoy.followups_overdue(request, limit=None))
        if user.is_decoy
        else followups_overdue_count(user=user)
    )
    sections = [
        (
            reverse("aftercare:followups"),
            _("My follow-ups (%(n)d overdue)") % {"n": overdue},
        )
    ]
    if has_capability(user, Capability.CASES_WRITE):
        sections.append((reverse("aftercare:arrival"), _("Record an arrival")))
    return sections


@access(public=True)
def set_language(request: HttpRequest) -> HttpResponse:
    return django_set_language(request)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Not found: JSON under /api/ (clients read JSON even for an address that matches no
    route, such as a malformed id), the usual page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    from django.views.defaults import page_not_found as default_page_not_found

    return default_page_not_found(request, exception or Exception())


@access(public=True)
def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"ok": True})
