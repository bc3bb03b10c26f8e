from django.urls import path

from safepassage.aftercare import views

app_name = "aftercare"
urlpatterns = [
    path("", views.followups, name="followups"),
    path("arrival/", views.arrival, name="arrival"),
    path("persons/<uuid:person_id>/", views.person, name="person"),
    path("persons/<uuid:person_id>/family/", views.family_add, name="family_add"),
    path("persons/<uuid:person_id>/referrals/", views.referral_add, name="referral_add"),
    path("persons/<uuid:person_id>/consents/", views.consent_add, name="consent_add"),
    path("persons/<uuid:person_id>/testimony/", views.testimony_new, name="testimony_new"),
    path("family/<uuid:member_id>/<str:step>/", views.family_step, name="family_step"),
    path("referrals/<uuid:referral_id>/", views.referral_edit, name="referral_edit"),
    path("consents/<uuid:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("testimony/<uuid:testimony_id>/", views.testimony, name="testimony"),
    path("testimony/<uuid:testimony_id>/readers/", views.testimony_reader, name="testimony_reader"),
    path("export/", views.export, name="export"),
    path("export/testimony.zip", views.export_download, name="export_download"),
]
