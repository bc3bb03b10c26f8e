from django.urls import path

from safepassage.verification import views

app_name = "verification"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("rules/", views.rules, name="rules"),
    path("persons/<uuid:person_id>/request/", views.request_create, name="request_create"),
    path("requests/<uuid:request_id>/", views.request_detail, name="request_detail"),
    path("requests/<uuid:request_id>/approve/", views.request_approve, name="request_approve"),
    path(
        "requests/<uuid:request_id>/recompute/", views.request_recompute, name="request_recompute"
    ),
    path("requests/<uuid:request_id>/close/", views.request_close, name="request_close"),
]
