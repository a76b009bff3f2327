from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hemicycle.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        # auth_events connects the login signals; registrations declares notification kinds.
        from hemicycle.accounts import auth_events, permissions, registrations  # noqa: F401
        from hemicycle.core import navigation

        navigation.register(
            navigation.NavItem(
                label="Comptes",
                url_name="accounts:user_list",
                rule=permissions.can_manage_users,
                order=80,
                prefixes=("/compte/utilisateurs/",),
            )
        )
