from django.apps import AppConfig


class PositionsConfig(AppConfig):
    name = "hemicycle.positions"
    label = "positions"
    verbose_name = "Suivi des rapports"

    def ready(self) -> None:
        from hemicycle.positions import registrations  # noqa: F401  (nav and dashboard)
