from django.urls import include, path

from safepassage import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("safepassage.accounts.urls")),
    path("audit/", include("safepassage.audit.urls")),
    path("", include("safepassage.operations.urls")),  # alerts/, operations/, field/
    path("persons/", include("safepassage.tracing.urls")),
    path("intel/", include("safepassage.intel.urls")),
    path("verification/", include("safepassage.verification.urls")),
    path("aftercare/", include("safepassage.aftercare.urls")),
    path("reports/", include("safepassage.reports.urls")),
    path("api/", include("safepassage.api.urls")),
]

handler404 = "safepassage.views.page_not_found"
