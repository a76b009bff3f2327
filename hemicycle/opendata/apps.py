from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "hemicycle.opendata"
    label = "opendata"
    verbose_name = "Données ouvertes"

    def ready(self) -> None:
        from hemicycle.opendata import registrations  # noqa: F401  (navigation)
