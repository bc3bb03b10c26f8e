from django.urls import path

from safepassage.intel import views

app_name = "intel"
urlpatterns = [
    path("places/", views.place_list, name="place_list"),
    path("places/new/", views.place_create, name="place_create"),
    path("places/<uuid:place_id>/", views.place_detail, name="place_detail"),
    path("members/", views.member_list, name="member_list"),
    path("members/<uuid:member_id>/", views.member_detail, name="member_detail"),
    path("holders/", views.holder_list, name="holder_list"),
    path("holders/<uuid:holder_id>/", views.holder_detail, name="holder_detail"),
    path("incidents/", views.incident_list, name="incident_list"),
    path("incidents/<uuid:incident_id>/", views.incident_detail, name="incident_detail"),
    path(
        "persons/<uuid:person_id>/location-reports/",
        views.person_location_reports,
        name="person_location_reports",
    ),
]
