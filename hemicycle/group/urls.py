from django.urls import path

from hemicycle.group import views

app_name = "group"
urlpatterns = [
    path("", views.group_detail, name="detail"),
    path("modifier/", views.group_edit, name="edit"),
    path("partis/nouveau/", views.party_create, name="party_create"),
    path("partis/<int:pk>/modifier/", views.party_edit, name="party_edit"),
    path("elus/", views.councillor_list, name="councillor_list"),
    path("elus/nouveau/", views.councillor_create, name="councillor_create"),
    path("elus/<int:pk>/", views.councillor_detail, name="councillor_detail"),
    path("elus/<int:pk>/modifier/", views.councillor_edit, name="councillor_edit"),
    path("equipe/", views.staff_list, name="staff_list"),
    path("equipe/nouveau/", views.staff_create, name="staff_create"),
    path("equipe/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("equipe/<int:pk>/modifier/", views.staff_edit, name="staff_edit"),
    path("equipe/<int:pk>/contrats/nouveau/", views.contract_create, name="contract_create"),
    path(
        "equipe/<int:pk>/contrats/<int:contract_pk>/modifier/",
        views.contract_edit,
        name="contract_edit",
    ),
]
