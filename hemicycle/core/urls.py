from django.urls import path

from hemicycle.core import archive_views, health, notification_views, search_views, views

app_name = "core"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("journal/", views.audit_log, name="audit_log"),
    # Health check for the load balancer and monitoring: public, JSON, no secrets.
    path("sante/", health.health, name="health"),
    path("archives/", archive_views.archives, name="archives"),
    path("recherche/", search_views.search, name="search"),
    path(
        "archives/<str:kind>/<int:pk>/restaurer/",
        archive_views.archive_restore,
        name="archive_restore",
    ),
    path("notifications/", notification_views.notification_list, name="notification_list"),
    path(
        "notifications/preferences/",
        notification_views.notification_preferences,
        name="notification_preferences",
    ),
    path(
        "notifications/tout-lire/",
        notification_views.notification_mark_all_read,
        name="notification_mark_all_read",
    ),
    path(
        "notifications/<int:pk>/ouvrir/",
        notification_views.notification_open,
        name="notification_open",
    ),
]
