"""The API's areas: (URL prefix, module holding `router`, OpenAPI tag).

Adding an area is one router module and one line here.
"""

AREAS: list[tuple[str, str, str]] = [
    ("/group", "hemicycle.api.routers.group", "group"),
    ("/council", "hemicycle.api.routers.council", "council"),
    ("/sittings", "hemicycle.api.routers.sittings", "sittings"),
    ("/positions", "hemicycle.api.routers.positions", "positions"),
    ("/filings", "hemicycle.api.routers.filings", "filings"),
    ("/votes", "hemicycle.api.routers.votes", "votes"),
]
