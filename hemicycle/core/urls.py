from django.urls import path

from hemicycle.core import views

app_name = "core"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("journal/", views.audit_log, name="audit_log"),
]
