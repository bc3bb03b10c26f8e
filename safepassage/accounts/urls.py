from django.urls import path

from safepassage.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.verify_view, name="verify"),
    path("logout/", views.logout_view, name="logout"),
    path("settings/", views.settings_view, name="settings"),
    path("active/", views.active_view, name="active"),
    path("users/", views.user_list_view, name="user_list"),
    path("users/<uuid:user_id>/lock/", views.user_lock_view, name="user_lock"),
]
