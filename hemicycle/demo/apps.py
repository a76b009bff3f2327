from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo group: fictional people and content that show every area in use."""

    name = "hemicycle.demo"
    label = "demo"
    verbose_name = "Démonstration"
