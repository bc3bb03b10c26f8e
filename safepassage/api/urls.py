from django.urls import include, path

from safepassage.api import views

app_name = "api"
urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("me/", views.MeView.as_view(), name="me"),
    path("alerts/", views.AlertListView.as_view(), name="alerts"),
    path(
        "alerts/<uuid:alert_id>/acknowledge/",
        views.AlertAcknowledgeView.as_view(),
        name="alert_acknowledge",
    ),
    path("", include("safepassage.tracing.api")),
    path("", include("safepassage.operations.api")),
    path("intel/", include("safepassage.intel.api_urls")),
    path("verification/", include("safepassage.verification.api_urls")),
    path("aftercare/", include("safepassage.aftercare.api_urls")),
]
