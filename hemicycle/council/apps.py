from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "hemicycle.council"
    label = "council"
    verbose_name = "Le conseil régional"

    def ready(self) -> None:
        from hemicycle.council import registrations  # noqa: F401  (nav and dashboard panels)
