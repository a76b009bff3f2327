from django.urls import path

from hemicycle.council import views

app_name = "council"
urlpatterns = [
    path("", views.roster, name="roster"),
    path("elus/<int:pk>/", views.member_detail, name="member_detail"),
    path("elus/<int:pk>/modifier/", views.member_edit, name="member_edit"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/apercu/", views.import_preview, name="import_preview"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("groupes/", views.group_list, name="group_list"),
    path("groupes/nouveau/", views.group_create, name="group_create"),
    path("groupes/<int:pk>/modifier/", views.group_edit, name="group_edit"),
]
