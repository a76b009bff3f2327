from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("hemicycle.core.urls")),
    path("compte/api/", include("hemicycle.api.token_urls")),
    path("compte/", include("hemicycle.accounts.urls")),
    path("groupe/", include("hemicycle.group.urls")),
    path("conseil/instances/", include("hemicycle.council.structure_urls")),
    path("conseil/", include("hemicycle.council.urls")),
    path("seances/import/", include("hemicycle.sittings.imports.urls")),
    path("seances/", include("hemicycle.sittings.urls")),
    path("suivi/", include("hemicycle.positions.urls")),
    path("depots/", include("hemicycle.filings.urls")),
    path("votes/", include("hemicycle.votes.urls")),
    path("api/v1/", include("hemicycle.api.urls")),
    # The subscription feeds (no login, a secret token) before the agenda page's prefix.
    path("agenda/flux/", include("hemicycle.accounts.feed_urls")),
    path("agenda/", include("hemicycle.core.calendar.urls")),
    path("donnees-ouvertes/", include("hemicycle.opendata.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "hemicycle.core.views.bad_request"
handler403 = "hemicycle.core.views.permission_denied"
handler404 = "hemicycle.core.views.page_not_found"
handler500 = "hemicycle.core.views.server_error"
