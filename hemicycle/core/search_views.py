"""The global search page: /recherche/?q=…&type=…&du=…&au=…"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hemicycle.core import fragments
from hemicycle.core.permissions import access, is_authenticated
from hemicycle.core.search import query as search_query
from hemicycle.core.search import registry

MAX_PAGE = 500


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Rechercher",
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    type = forms.ChoiceField(label="Type", required=False)
    du = forms.DateField(
        label="Du",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    au = forms.DateField(
        label="Au",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        kind = self.fields["type"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "Tous les types"), *registry.labels().items()]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("du") and data.get("au") and data["du"] > data["au"]:
            self.add_error("au", "La date de fin précède la date de début.")
        return data


def _page(value: str | None) -> int:
    try:
        return min(MAX_PAGE, max(1, int(value or 1)))
    except ValueError:
        return 1


@access(is_authenticated)
def search(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/search.html",
        {
            "q": request.GET.get("q", "")[:300],
            "content": fragments.content(
                request,
                "core.search",
                fragments.query(request),
                "core/_search.html",
                lambda: _results(request),
            ),
        },
    )


def _results(request: HttpRequest) -> dict[str, Any]:
    form = SearchForm(request.GET)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        results = search_query.search(
            request.user,
            data["q"],
            kind=data["type"] or "",
            date_from=data["du"],
            date_to=data["au"],
            page=_page(request.GET.get("page")),
        )
    # Filter links keep the other parameters; the page number restarts at 1.
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("type", None)
    base_query = params.urlencode()
    page_params = request.GET.copy()
    page_params.pop("page", None)
    return {
        "form": form,
        "results": results,
        "q": request.GET.get("q", "")[:300],
        "base_query": base_query,
        "page_query": page_params.urlencode(),
    }
