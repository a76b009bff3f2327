from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hemicycle.core"
    label = "core"
    verbose_name = "Socle"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from hemicycle.core import calendar, fragments, navigation, permissions

        connection_created.connect(fragments.watch, dispatch_uid="fragments.watch")
        # A deploy runs `migrate`: fragments rendered by the previous code are dropped.
        post_migrate.connect(fragments.changed, dispatch_uid="fragments.migrate")

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
