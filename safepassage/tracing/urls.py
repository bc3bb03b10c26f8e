from django.urls import path

from safepassage.tracing import views

app_name = "tracing"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.intake, name="intake"),
    path("duplicates/", views.duplicate_list, name="duplicate_list"),
    path(
        "duplicates/<uuid:candidate_id>/<str:decision>/",
        views.duplicate_decide,
        name="duplicate_decide",
    ),
    path("merges/<uuid:merge_id>/undo/", views.merge_undo, name="merge_undo"),
    path("<uuid:person_id>/", views.person_detail, name="person_detail"),
    path("<uuid:person_id>/edit/", views.person_edit, name="person_edit"),
    path("<uuid:person_id>/status/", views.person_status, name="person_status"),
    path("<uuid:person_id>/photo/", views.photo, name="photo"),
    path("<uuid:person_id>/photo/upload/", views.photo_upload, name="photo_upload"),
    path("<uuid:person_id>/questions/", views.question_add, name="question_add"),
    path("<uuid:person_id>/words/", views.words_set, name="words_set"),
    path("<uuid:person_id>/contacts/new/", views.contact_new, name="contact_new"),
    path("<uuid:person_id>/links/", views.person_links, name="person_links"),
    path("<uuid:person_id>/links/remove/", views.person_link_remove, name="person_link_remove"),
]
