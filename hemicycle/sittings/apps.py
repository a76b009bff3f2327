from django.apps import AppConfig


class SittingsConfig(AppConfig):
    name = "hemicycle.sittings"
    label = "sittings"
    verbose_name = "Séances"

    def ready(self) -> None:
        from hemicycle.sittings import registrations  # noqa: F401  (nav, dashboard, tasks)
