from django.urls import path

from hemicycle.opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.page, name="page"),
    path("reglages/", views.settings_edit, name="settings"),
    path("preparer/", views.prepare, name="prepare"),
    path("oparl.zip", views.oparl_zip, name="oparl_zip"),
    path("deliberations.csv", views.scdl_csv, name="scdl_csv"),
]
