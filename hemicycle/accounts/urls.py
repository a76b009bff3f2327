from django.urls import path

from hemicycle.accounts import calendar_views, security_views, views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("connexion/", views.login, name="login"),
    path("deconnexion/", views.logout, name="logout"),
    path("mot-de-passe/", views.password_change, name="password_change"),
    path("mot-de-passe/oubli/", views.password_reset, name="password_reset"),
    path("mot-de-passe/oubli/envoye/", views.password_reset_done, name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        views.password_reset_complete,
        name="password_reset_complete",
    ),
    path(
        "double-authentification/activer/",
        security_views.two_factor_setup,
        name="two_factor_setup",
    ),
    path(
        "double-authentification/verifier/",
        security_views.two_factor_verify,
        name="two_factor_verify",
    ),
    path(
        "double-authentification/codes-de-secours/",
        security_views.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path(
        "double-authentification/desactiver/",
        security_views.two_factor_disable,
        name="two_factor_disable",
    ),
    path("sessions/", security_views.session_list, name="sessions"),
    path("sessions/<int:pk>/fermer/", security_views.session_close, name="session_close"),
    path(
        "sessions/fermer-les-autres/",
        security_views.session_close_others,
        name="session_close_others",
    ),
    path("agenda/", calendar_views.calendar_feed_list, name="calendar_feeds"),
    path(
        "agenda/<int:pk>/revoquer/",
        calendar_views.calendar_feed_revoke,
        name="calendar_feed_revoke",
    ),
    path(
        "agenda/<int:pk>/nouvelle-adresse/",
        calendar_views.calendar_feed_regenerate,
        name="calendar_feed_regenerate",
    ),
    path("utilisateurs/", views.user_list, name="user_list"),
    path("utilisateurs/nouveau/", views.user_create, name="user_create"),
    path("utilisateurs/<int:pk>/", views.user_detail, name="user_detail"),
    path("utilisateurs/<int:pk>/modifier/", views.user_edit, name="user_edit"),
    path("utilisateurs/<int:pk>/activation/", views.user_set_active, name="user_set_active"),
    path(
        "utilisateurs/<int:pk>/double-authentification/reinitialiser/",
        views.user_reset_two_factor,
        name="user_reset_two_factor",
    ),
    path(
        "utilisateurs/<int:pk>/lien-mot-de-passe/",
        views.user_send_password_link,
        name="user_send_password_link",
    ),
]
