from django.apps import AppConfig


class GroupConfig(AppConfig):
    name = "hemicycle.group"
    label = "group"
    verbose_name = "Le groupe"

    def ready(self) -> None:
        from hemicycle.group import registrations  # noqa: F401  (nav and dashboard panels)
