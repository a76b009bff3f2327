"""Server-drawn SVG charts: well-formed XML, one mark per seat, escaped texts, shapes."""

from __future__ import annotations

from xml.dom import minidom

import pytest

from hemicycle.council.tests.factories import CouncilGroupFactory
from hemicycle.votes import charts
from hemicycle.votes.models import GroupResult, VoteEvent


def _seat_marks(svg: str) -> list[str]:
    """The `seat--<kind>` of every seat group in the drawing."""
    doc = minidom.parseString(svg)  # noqa: S318  (our own output, parsed to check it)
    kinds = []
    for g in doc.getElementsByTagName("g"):
        classes = g.getAttribute("class").split()
        if "seat" in classes:
            kinds += [c.removeprefix("seat--") for c in classes if c.startswith("seat--")]
    return kinds


def _results(world, **counts):
    """Unsaved GroupResult rows: the chart only reads them."""
    return [GroupResult(council_group=world[name], **values) for name, values in counts.items()]


@pytest.fixture
def council(world):
    # 14 + 12 + 96 = 122 seats in groups; the mandature has 170.
    return _results(
        world,
        own={"pour": 10, "contre": 2, "abstention": 1, "nppv": 1},
        ally={"pour": 12},
        rival={"contre": 90, "abstention": 3},
    )


def test_hemicycle_is_xml_with_one_mark_per_seat(world, council):
    svg = charts.hemicycle_svg(council, total_seats=world["term"].seats)
    doc = minidom.parseString(svg)  # noqa: S318
    root = doc.documentElement
    assert root.tagName == "svg" and root.getAttribute("role") == "img"
    assert root.getElementsByTagName("title") and root.getElementsByTagName("desc")
    marks = _seat_marks(svg)
    assert len(marks) == 170
    # The rival's 3 seats without a count, and the 48 seats no group accounts for.
    assert marks.count("none") == 3 + 48
    assert marks.count("pour") == 22 and marks.count("contre") == 92
    assert marks.count("abstention") == 4 and marks.count("nppv") == 1
    assert "style=" not in svg and "<script" not in svg


def test_seats_follow_the_sides_left_to_right(world, council):
    svg = charts.hemicycle_svg(council)
    marks = _seat_marks(svg)
    assert len(marks) == 14 + 12 + 96  # without total_seats: the groups' seats only
    # Opposition first (the larger, our ally's 12 "pour" after our 14), majority last.
    doc = minidom.parseString(svg)  # noqa: S318
    titles = [
        g.getElementsByTagName("title")[0].firstChild.data
        for g in doc.getElementsByTagName("g")
        if g.getAttribute("class") == "group"
    ]
    assert titles[0].startswith(world["own"].name)
    assert titles[1].startswith("Groupe Socialiste")
    assert titles[2].startswith("Groupe Majoritaire")


def test_seat_positions_are_distinct_and_in_a_half_circle():
    seats, dot = charts.seat_positions(170)
    assert len(seats) == 170 and dot > 0
    assert len({(round(s.x, 3), round(s.y, 3)) for s in seats}) == 170
    assert all(s.y <= 200 + 1e-6 for s in seats)  # nothing below the diameter
    angles = [s.angle for s in seats]
    assert angles == sorted(angles, reverse=True)  # left to right


def test_group_names_and_titles_are_escaped(world):
    # Unsaved: the colour column holds 7 characters, but a chart must not trust it anyway.
    hostile = CouncilGroupFactory.build(
        term=world["term"],
        name='<script>alert("x")</script> & Cie',
        seats=3,
        colour='red" onload="x',
    )
    results = [GroupResult(council_group=hostile, pour=3)]
    svg = charts.hemicycle_svg(results, title="Vote <b>", desc="a & b")
    doc = minidom.parseString(svg)  # noqa: S318  (would fail on a raw "<script>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "onload" not in svg  # an invalid colour falls back to grey
    assert 'fill="#777777"' in svg
    assert doc.getElementsByTagName("title")[0].firstChild.data == "Vote <b>"


def test_vote_shapes_differ_not_only_by_colour(world):
    results = _results(world, own={"pour": 1, "contre": 1, "abstention": 1, "nppv": 1})
    svg = charts.hemicycle_svg(results)
    doc = minidom.parseString(svg)  # noqa: S318
    seats = [g for g in doc.getElementsByTagName("g") if "seat" in g.getAttribute("class").split()]
    shapes = {g.getAttribute("class").split()[1]: [n.tagName for n in g.childNodes] for g in seats}
    assert shapes["seat--pour"] == ["circle"]
    assert shapes["seat--contre"] == ["circle", "path"]  # crossed
    assert shapes["seat--abstention"] == ["circle", "path"]  # half disc
    nppv = next(g for g in seats if "seat--nppv" in g.getAttribute("class"))
    assert nppv.firstChild.getAttribute("fill-opacity") == "0.3"
    assert nppv.firstChild.getAttribute("stroke-dasharray")


def test_hemicycle_text_alternative(world, council):
    event = VoteEvent(title="Budget primitif", result=VoteEvent.Result.ADOPTED)
    chart = charts.hemicycle(council, vote_event=event, total_seats=170)
    assert (
        chart.sentence
        == "Adopté\u00a0: 22 pour, 92 contre, 4 abstentions, 1 ne prenant pas part au vote"
    )
    assert [r.short_name for r in chart.rows] == ["GES", "SOC", "MAJ"]
    assert chart.totals["seats"] == 122 and chart.totals["none"] == 3
    doc = minidom.parseString(chart.svg)  # noqa: S318
    assert doc.getElementsByTagName("desc")[0].firstChild.data == chart.sentence


def test_result_sentence_typography():
    totals = {"pour": 120, "contre": 30, "abstention": 20, "nppv": 0}
    assert (
        charts.result_sentence("Adopté", totals)
        == "Adopté\u00a0: 120 pour, 30 contre, 20 abstentions"
    )
    one = {"pour": 1, "contre": 1, "abstention": 0, "nppv": 0}
    assert charts.result_sentence("", one, "pour") == (
        "Résultat non saisi\u00a0: 1 pour, 1 contre, 0 abstention "
        "(voix prépondérante de la présidence\u00a0: pour)"
    )


def test_bar_chart():
    bars = [
        charts.Bar("Anne Aubert", 1.0, "100 %"),
        charts.Bar("Bruno <Blanc>", 0.5, "50 %"),
        charts.Bar("Chloé Cordier", None, "—"),
    ]
    svg = charts.bar_chart_svg(bars, title="Accord", desc="Une barre par élu·e")
    doc = minidom.parseString(svg)  # noqa: S318
    rects = doc.getElementsByTagName("rect")
    assert [float(r.getAttribute("width")) for r in rects] == [360.0, 180.0]
    texts = [t.firstChild.data for t in doc.getElementsByTagName("text")]
    assert "Bruno <Blanc>" in texts and "—" in texts
    labelled = doc.documentElement.getAttribute("aria-labelledby").split()
    assert {e.getAttribute("id") for e in doc.getElementsByTagName("title")} | {
        e.getAttribute("id") for e in doc.getElementsByTagName("desc")
    } == set(labelled)


def test_percent_and_index_formats():
    assert charts.percent(0.625, 1) == "62,5\u202f%"
    assert charts.percent(None) == "—"
    assert charts.index(0.625) == "0,63"
    assert charts.index(1) == "1,00"
    assert charts.darker("#ffffff") == "#999999"
    assert charts.safe_colour("url(#x)") == "#777777"
