from django.apps import AppConfig


class FilingsConfig(AppConfig):
    name = "hemicycle.filings"
    label = "filings"
    verbose_name = "Dépôts"

    def ready(self) -> None:
        from hemicycle.filings import registrations  # noqa: F401  (nav, dashboard, sections)
