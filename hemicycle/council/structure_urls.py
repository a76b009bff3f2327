from django.urls import path

from hemicycle.council import structure_views as views

app_name = "council_structure"
urlpatterns = [
    path("", views.body_list, name="body_list"),
    path("nouvelle/", views.body_create, name="body_create"),
    path("<int:pk>/modifier/", views.body_edit, name="body_edit"),
    path("sieges/", views.seat_list, name="seat_list"),
    path("sieges/nouveau/", views.seat_add, name="seat_add"),
    path("sieges/<int:pk>/fin/", views.seat_end, name="seat_end"),
    path("regles-de-depot/", views.filing_rules, name="filing_rules"),
]
