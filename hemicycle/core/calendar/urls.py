from django.urls import path

from hemicycle.core.calendar import views

app_name = "agenda"
urlpatterns = [
    path("", views.agenda, name="agenda"),
]
