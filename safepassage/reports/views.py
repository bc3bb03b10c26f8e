"""Statistics pages and public exports (thin: selectors compute, exports format)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, access
from safepassage.audit.services import audit_record
from safepassage.reports import charts, decoy, exports
from safepassage.reports.selectors import statistics_for_user, statistics_page_for_user
from safepassage.reports.suppression import Table


@access(capability=Capability.STATISTICS)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    stats = statistics_page_for_user(
        user=user,
        pretend=decoy.person_dates(request) if user.is_decoy else (),
        pretend_alerts=decoy.open_alerts(request) if user.is_decoy else 0,
        pretend_operations=decoy.open_operations(request) if user.is_decoy else 0,
    )
    rtl = get_language_bidi()
    labels = {
        "reported": _("Reported"),
        "located": _("Located"),
        "rescued": _("Rescued"),
        "reunited": _("Reunited"),
    }
    status_chart = charts.horizontal_bar_chart(
        [str(label) for _, label, _ in stats.by_status],
        [count for _, _, count in stats.by_status],
        title=_("Persons by status"),
        rtl=rtl,
    )
    month_chart = charts.bar_chart(
        stats.months,
        [(labels[stage], stats.per_month[stage]) for stage in labels],
        title=_("Reported, located, rescued and reunited per month"),
        rtl=rtl,
    )
    return render(
        request,
        "reports/dashboard.html",
        {
            "stats": stats,
            "status_chart": status_chart,
            "month_chart": month_chart,
            "legend": [(charts.COLOURS[i], label) for i, label in enumerate(labels.values())],
            "month_rows": [
                (month, [stats.per_month[stage][i] for stage in labels])
                for i, month in enumerate(stats.months)
            ],
            "stage_labels": list(labels.values()),
        },
    )


def _public_table(request: HttpRequest) -> Table:
    user: User = request.user  # type: ignore[assignment]
    table = exports.public_table(
        statistics_for_user(user=user, pretend=decoy.person_dates(request) if user.is_decoy else ())
    )
    audit_record(actor=user, action="export", object_type="reports.public_statistics")
    return table


@access(capability=Capability.STATISTICS)
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(exports.to_csv(_public_table(request)), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="safepassage-statistics.csv"'
    return response


@access(capability=Capability.STATISTICS)
@require_GET
def export_pdf(request: HttpRequest) -> HttpResponse:
    pdf = exports.to_pdf(_public_table(request), generated=timezone.now().strftime("%Y-%m-%d"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="safepassage-statistics.pdf"'
    return response
