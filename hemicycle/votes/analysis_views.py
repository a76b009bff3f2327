"""The "Analyse des votes" page and one scrutin's hemicycle: read-only, members only.

How each councillor voted against the line is the group's internal record (see
permissions.py), so both pages answer 404 to observers and partners.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hemicycle.core import fragments
from hemicycle.core.permissions import access, is_member
from hemicycle.council.models import Body, Term
from hemicycle.council.selectors import current_term
from hemicycle.sittings.models import Theme
from hemicycle.votes import analysis, charts

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SPLITS_PER_PAGE = 20


class AnalysisFilterForm(forms.Form):
    term = forms.ModelChoiceField(
        label="Mandature", queryset=Term.objects.none(), required=False, empty_label="Toutes"
    )
    start = forms.DateField(label="Du", required=False, widget=DATE)
    end = forms.DateField(label="Au", required=False, widget=DATE)
    body = forms.ModelChoiceField(
        label="Instance", queryset=Body.objects.none(), required=False, empty_label="Toutes"
    )
    theme = forms.ModelChoiceField(
        label="Thème", queryset=Theme.objects.none(), required=False, empty_label="Tous"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.order_by("is_archived", "order", "name")  # type: ignore[attr-defined]
        self.fields["term"].queryset = Term.objects.order_by("-start_date")  # type: ignore[attr-defined]
        if not self.is_bound:
            current = current_term()
            self.initial["term"] = current.pk if current else None
        self.fields["theme"].queryset = Theme.objects.order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "La date de fin précède la date de début.")
        return data

    def filters(self) -> analysis.Filters:
        """The chosen filters; the current mandature when the page opens; none when the
        form is not valid (the page says so)."""
        if not self.is_bound:
            return analysis.Filters(term=current_term())
        if not self.is_valid():
            return analysis.NO_FILTERS
        data = self.cleaned_data
        # A link that carries other parameters only (a page number) keeps the default.
        term = data.get("term") if "term" in self.data else current_term()
        return analysis.Filters(
            term=term,
            start=data.get("start"),
            end=data.get("end"),
            body=data.get("body"),
            theme=data.get("theme"),
        )


def _bars(councillors: list[Any], rate: str) -> list[charts.Bar]:
    """One bar per councillor, from the annotated rate named `rate` (a ratio or None)."""
    bars = []
    for councillor in councillors:
        value = getattr(councillor, rate)
        name = f"{councillor.first_name} {councillor.last_name}"
        bars.append(charts.Bar(name, value, charts.percent(value)))
    return bars


@access(is_member)
def analysis_page(request: HttpRequest) -> HttpResponse:
    # The analysis of a mandature reads every scrutin: kept until the next write (the
    # date is in the key: the default mandature follows it).
    return render(
        request,
        "votes/analysis.html",
        {
            "content": fragments.content(
                request,
                "votes.analysis",
                (timezone.localdate(), *fragments.query(request)),
                "votes/_analysis.html",
                lambda: _analysis(request),
            )
        },
    )


def _analysis(request: HttpRequest) -> dict[str, Any]:
    form = AnalysisFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(analysis.split_votes(filters), SPLITS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    # Each list is evaluated once here; the charts and the tables share the rows.
    agreement = list(analysis.line_agreement(filters))
    attendance = list(analysis.attendance_by_councillor(filters))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        "page": page,
        "splits": page.object_list,
        "query": query.urlencode(),
        "group_cohesion": analysis.cohesion(filters),
        "parties": analysis.party_cohesion(filters),
        "unaffiliated": analysis.unaffiliated_cohesion(filters),
        "agreement": agreement,
        "agreement_chart": charts.bar_chart_svg(
            _bars(agreement, "agreement"),
            title="Accord de chaque élu·e avec la consigne",
            desc="Barres horizontales : part des votes exprimés conformes à la consigne, "
            "de 0 à 100 %, une barre par élu·e ; un tiret quand l’élu·e n’a voté sur "
            "aucune consigne.",
        ),
        "attendance": attendance,
        "attendance_chart": charts.bar_chart_svg(
            _bars(attendance, "attendance_rate"),
            title="Taux de présence de chaque élu·e",
            desc="Barres horizontales : part des séances relevées où l’élu·e était "
            "présent·e (sur place ou à distance), de 0 à 100 %, une barre par élu·e.",
        ),
        "attendance_totals": analysis.attendance_totals(filters),
        "bodies": analysis.attendance_by_body(filters),
    }


@access(is_member)
def scrutin_hemicycle(request: HttpRequest, pk: int) -> HttpResponse:
    vote_event = analysis.get_scrutin_or_404(pk)
    chart = charts.hemicycle(
        analysis.group_results_of(vote_event),
        vote_event=vote_event,
        total_seats=vote_event.sitting.body.term.seats,
    )
    return render(
        request, "votes/analysis_hemicycle.html", {"vote_event": vote_event, "chart": chart}
    )
