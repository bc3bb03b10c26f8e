from django.urls import path

from safepassage.operations import views

app_name = "operations"
urlpatterns = [
    path("alerts/panel/", views.alerts_panel, name="alerts_panel"),
    path(
        "alerts/<uuid:alert_id>/acknowledge/",
        views.alert_acknowledge_view,
        name="alert_acknowledge",
    ),
    path("operations/", views.operation_list, name="list"),
    path("operations/new/", views.operation_create_view, name="create"),
    path("operations/compromise/", views.compromise_list, name="compromise_list"),
    path(
        "operations/compromise/<str:kind>/<uuid:subject_id>/",
        views.compromise_view,
        name="compromise",
    ),
    path("operations/<uuid:operation_id>/", views.operation_detail, name="detail"),
    path(
        "operations/<uuid:operation_id>/plan/<str:section>/",
        views.operation_plan_change,
        name="plan_change",
    ),
    path(
        "operations/<uuid:operation_id>/<str:action>/",
        views.operation_transition,
        name="transition",
    ),
    path("field/", views.field_home, name="field_home"),
    path("field/<uuid:operation_id>/", views.field_page, name="field"),
    path("field/<uuid:operation_id>/checked-in/", views.field_done, name="field_done"),
    path(
        "field/<uuid:operation_id>/photo/<uuid:person_id>/",
        views.field_photo,
        name="field_photo",
    ),
]
