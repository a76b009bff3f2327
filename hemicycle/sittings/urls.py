from django.urls import path

from hemicycle.sittings import views

app_name = "sittings"
urlpatterns = [
    path("", views.sitting_list, name="sitting_list"),
    path("calendrier/", views.sitting_calendar, name="sitting_calendar"),
    path("nouvelle/", views.sitting_create, name="sitting_create"),
    path("<int:pk>/", views.sitting_detail, name="sitting_detail"),
    path("<int:pk>/modifier/", views.sitting_edit, name="sitting_edit"),
    path("<int:pk>/presences/", views.attendance, name="attendance"),
    path("<int:pk>/rapports/nouveau/", views.report_create, name="report_create"),
    path("rapports/", views.report_list, name="report_list"),
    path("rapports/<int:pk>/", views.report_detail, name="report_detail"),
    path("rapports/<int:pk>/modifier/", views.report_edit, name="report_edit"),
    path("rapports/<int:pk>/documents/ajouter/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("documents/<int:pk>/relire/", views.document_retry, name="document_retry"),
]
