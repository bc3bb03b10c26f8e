from django.urls import path

from safepassage.verification import api

urlpatterns = [
    path("requests/", api.RequestListView.as_view(), name="verification_requests"),
    path(
        "requests/<uuid:request_id>/",
        api.RequestDetailView.as_view(),
        name="verification_request",
    ),
    path(
        "requests/<uuid:request_id>/approve/",
        api.RequestApproveView.as_view(),
        name="verification_request_approve",
    ),
    path(
        "requests/<uuid:request_id>/recompute/",
        api.RequestRecomputeView.as_view(),
        name="verification_request_recompute",
    ),
    path("rules/", api.RulesView.as_view(), name="verification_rules"),
]
