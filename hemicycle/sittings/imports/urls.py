from django.urls import path

from hemicycle.sittings.imports import views

app_name = "agenda_import"
urlpatterns = [
    path("<int:sitting_pk>/", views.upload, name="upload"),
    path("<int:sitting_pk>/apercu/", views.preview, name="preview"),
]
