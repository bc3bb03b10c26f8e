from django.urls import path

from safepassage.intel import api

urlpatterns = [
    path("places/", api.PlaceListView.as_view(), name="intel_places"),
    path("places/<uuid:place_id>/", api.PlaceDetailView.as_view(), name="intel_place"),
    path("members/", api.MemberListView.as_view(), name="intel_members"),
    path("members/<uuid:member_id>/", api.MemberDetailView.as_view(), name="intel_member"),
    path(
        "members/<uuid:member_id>/status/",
        api.MemberStatusView.as_view(),
        name="intel_member_status",
    ),
    path("holders/", api.HolderListView.as_view(), name="intel_holders"),
    path("holders/<uuid:holder_id>/", api.HolderDetailView.as_view(), name="intel_holder"),
    path("incidents/", api.IncidentListView.as_view(), name="intel_incidents"),
    path("incidents/<uuid:incident_id>/", api.IncidentDetailView.as_view(), name="intel_incident"),
    path("location-reports/", api.LocationReportListView.as_view(), name="intel_location_reports"),
    path(
        "location-reports/<uuid:report_id>/",
        api.LocationReportDetailView.as_view(),
        name="intel_location_report",
    ),
]
