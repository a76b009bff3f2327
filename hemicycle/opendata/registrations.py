"""What the open-data area plugs into the shared registries."""

from __future__ import annotations

from hemicycle.core import navigation
from hemicycle.opendata import permissions

navigation.register(
    navigation.NavItem(
        label="Données ouvertes",
        url_name="opendata:page",
        rule=permissions.can_view_opendata,
        order=90,
        prefixes=("/donnees-ouvertes/",),
    )
)
