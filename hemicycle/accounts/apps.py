from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hemicycle.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from hemicycle.accounts import auth_events, permissions  # noqa: F401  (connects signals)
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
