from django.urls import path

from safepassage.aftercare import api

urlpatterns = [
    path(
        "arrivals/candidates/",
        api.ArrivalCandidatesView.as_view(),
        name="aftercare_arrival_candidates",
    ),
    path("arrivals/", api.ArrivalCreateView.as_view(), name="aftercare_arrivals"),
    path("persons/<uuid:person_id>/", api.PersonAftercareView.as_view(), name="aftercare_person"),
    path(
        "persons/<uuid:person_id>/family/",
        api.FamilyMemberCreateView.as_view(),
        name="aftercare_family_add",
    ),
    path(
        "persons/<uuid:person_id>/referrals/",
        api.ReferralCreateView.as_view(),
        name="aftercare_referral_add",
    ),
    path(
        "persons/<uuid:person_id>/consents/",
        api.ConsentCreateView.as_view(),
        name="aftercare_consent_add",
    ),
    path(
        "persons/<uuid:person_id>/testimony/",
        api.TestimonyCreateView.as_view(),
        name="aftercare_testimony_add",
    ),
    path(
        "family/<uuid:member_id>/<str:step>/",
        api.FamilyStepView.as_view(),
        name="aftercare_family_step",
    ),
    path(
        "referrals/<uuid:referral_id>/", api.ReferralDetailView.as_view(), name="aftercare_referral"
    ),
    path("followups/", api.FollowUpListView.as_view(), name="aftercare_followups"),
    path(
        "consents/<uuid:consent_id>/withdraw/",
        api.ConsentWithdrawView.as_view(),
        name="aftercare_consent_withdraw",
    ),
    path(
        "testimony/<uuid:testimony_id>/",
        api.TestimonyDetailView.as_view(),
        name="aftercare_testimony",
    ),
    path(
        "testimony/<uuid:testimony_id>/readers/",
        api.TestimonyReaderView.as_view(),
        name="aftercare_testimony_readers",
    ),
    path("export/testimony/", api.TestimonyExportView.as_view(), name="aftercare_export"),
]
