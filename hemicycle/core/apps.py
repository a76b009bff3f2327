from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hemicycle.core"
    label = "core"
    verbose_name = "Socle"

    def ready(self) -> None:
        from hemicycle.core import calendar, navigation, permissions

        navigation.register(
            navigation.NavItem(
                label="Tableau de bord",
                url_name="core:dashboard",
                rule=permissions.is_authenticated,
                order=0,
            )
        )
        navigation.register(
            navigation.NavItem(
                label="Agenda",
                url_name="agenda:agenda",
                rule=calendar.can_open_calendar,
                order=4,
                prefixes=("/agenda/",),
            )
        )
        navigation.register(
            navigation.NavItem(
                label="Journal",
                url_name="core:audit_log",
                rule=permissions.is_secretariat,
                order=90,
            )
        )
