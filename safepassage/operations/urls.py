from django.urls import path

from safepassage.operations import views

app_name = "operations"
urlpatterns = [
    path("panel/", views.alerts_panel, name="alerts_panel"),
    path("<uuid:alert_id>/acknowledge/", views.alert_acknowledge_view, name="alert_acknowledge"),
]
