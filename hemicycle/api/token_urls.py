from django.urls import path

from hemicycle.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.token_list, name="list"),
    path("<int:pk>/revoquer/", views.token_revoke, name="revoke"),
    path("comptes/<int:user_pk>/", views.partner_tokens, name="partner"),
]
