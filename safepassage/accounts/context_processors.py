"""Template context: the navigation a user's role offers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from safepassage.accounts.permissions import Capability, has_capability


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items: list[tuple[str, str]] = []
    if user is not None and user.is_authenticated:
        from django.utils.translation import gettext as _

        items.append((reverse("dashboard"), _("Dashboard")))
        if has_capability(user, Capability.CASES_READ):
            items.append((reverse("tracing:person_list"), _("Persons")))
            items.append((reverse("intel:place_list"), _("Places")))
            items.append((reverse("aftercare:followups"), _("Aftercare")))
        if has_capability(user, Capability.APPROVE):
            items.append((reverse("verification:queue"), _("Verification")))
        if has_capability(user, Capability.OPERATIONS_MANAGE):
            items.append((reverse("operations:list"), _("Operations")))
        elif has_capability(user, Capability.OPERATIONS_FIELD):
            items.append((reverse("operations:field_home"), _("Your operation")))
        if has_capability(user, Capability.ACCOUNTS_MANAGE):
            items.append((reverse("accounts:user_list"), _("Accounts")))
        if has_capability(user, Capability.STATISTICS):
            items.append((reverse("reports:dashboard"), _("Statistics")))
        if has_capability(user, Capability.AUDIT_READ):
            items.append((reverse("audit:event_list"), _("Audit log")))
        items.append((reverse("accounts:settings"), _("Settings")))
    return {"nav_items": items}
