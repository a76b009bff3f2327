from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hemicycle.api"
    label = "api"
    verbose_name = "API"
