"""The REST API: one NinjaAPI, one router per area mounted from routers.AREAS.

OpenAPI 3 description at /api/v1/openapi.json; a server-rendered page listing the
endpoints at /api/v1/docs (decision 0018: no Swagger UI, which needs inline scripts).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from hemicycle.api import errors
from hemicycle.api.auth import TokenAuth
from hemicycle.api.routers import AREAS

DESCRIPTION = """\
API de Hémicycle : les données du groupe, avec les droits du compte qui possède le jeton.
Authentification : en-tête `Authorization: Bearer <jeton>` ; un jeton se crée dans
« Mon compte » → « Accès à l’API ».

Hémicycle's API: the group's data, with the rights of the account that owns the token.
Authentication: `Authorization: Bearer <token>` header; create a token from
"Mon compte" → "Accès à l’API". Lists are paginated (`page`, `page_size`); errors are
JSON with a French `detail`; a refusal answers 404, like a missing object.
"""

METHODS = ("get", "post", "put", "patch", "delete")


class EndpointList(DocsBase):
    """A plain page listing the endpoints, rendered by the server under the strict CSP."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema()
        sections: dict[str, list[dict[str, Any]]] = {}
        for path, operations in schema["paths"].items():
            for method in METHODS:
                op = operations.get(method)
                if op is None:
                    continue
                tag = (op.get("tags") or ["—"])[0]
                sections.setdefault(tag, []).append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": op.get("summary", ""),
                        "description": op.get("description", ""),
                        "parameters": [p["name"] for p in op.get("parameters", [])],
                    }
                )
        return render(
            request,
            "api/docs.html",
            {
                "api": api,
                "sections": sections,
                "openapi_url": self.get_openapi_url(api, kwargs),
            },
        )


def build() -> NinjaAPI:
    api = NinjaAPI(
        title="Hémicycle API",
        version="1",
        description=DESCRIPTION,
        urls_namespace="api",
        auth=TokenAuth(),
        docs=EndpointList(),
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    errors.install(api)
    for prefix, module, tag in AREAS:
        api.add_router(prefix, import_module(module).router, tags=[tag])
    return api


api = build()
