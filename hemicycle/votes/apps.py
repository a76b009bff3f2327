from django.apps import AppConfig


class VotesConfig(AppConfig):
    name = "hemicycle.votes"
    label = "votes"
    verbose_name = "Votes"

    def ready(self) -> None:
        from hemicycle.votes import registrations  # noqa: F401  (nav, sections, activity)
