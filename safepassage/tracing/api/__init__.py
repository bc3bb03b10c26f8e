"""The tracing REST API: the same selectors, services and access rules as the pages.

``serializers`` holds the shapes going in and out, ``views`` the endpoints; this module maps
the addresses (included under ``/api/``).
"""

from django.urls import path

from safepassage.tracing.api.views import (
    ContactCreateView,
    DuplicateDismissView,
    DuplicateListView,
    DuplicateMergeView,
    LinkListView,
    LinkRemoveView,
    MatchCheckView,
    MergeUndoView,
    PersonDetailView,
    PersonListView,
    PersonSearchView,
    QuestionCreateView,
    ReportCreateView,
    StatusChangeView,
    WordsSetView,
)

urlpatterns = [
    path("persons/", PersonListView.as_view(), name="tracing_persons"),
    path("persons/search/", PersonSearchView.as_view(), name="tracing_search"),
    path("persons/match/", MatchCheckView.as_view(), name="tracing_match"),
    path("persons/<uuid:person_id>/", PersonDetailView.as_view(), name="tracing_person"),
    path(
        "persons/<uuid:person_id>/reports/",
        ReportCreateView.as_view(),
        name="tracing_reports",
    ),
    path(
        "persons/<uuid:person_id>/contacts/",
        ContactCreateView.as_view(),
        name="tracing_contacts",
    ),
    path("persons/<uuid:person_id>/status/", StatusChangeView.as_view(), name="tracing_status"),
    path(
        "persons/<uuid:person_id>/questions/",
        QuestionCreateView.as_view(),
        name="tracing_questions",
    ),
    path("persons/<uuid:person_id>/words/", WordsSetView.as_view(), name="tracing_words"),
    path("persons/<uuid:person_id>/links/", LinkListView.as_view(), name="tracing_links"),
    path(
        "persons/<uuid:person_id>/links/remove/",
        LinkRemoveView.as_view(),
        name="tracing_link_remove",
    ),
    path("duplicates/", DuplicateListView.as_view(), name="tracing_duplicates"),
    path(
        "duplicates/<uuid:candidate_id>/merge/",
        DuplicateMergeView.as_view(),
        name="tracing_duplicate_merge",
    ),
    path(
        "duplicates/<uuid:candidate_id>/dismiss/",
        DuplicateDismissView.as_view(),
        name="tracing_duplicate_dismiss",
    ),
    path("merges/<uuid:merge_id>/undo/", MergeUndoView.as_view(), name="tracing_merge_undo"),
]
