"""Charts drawn on the server as SVG (decision 0014): no script, no style attribute, so
they pass the strict Content-Security-Policy and print as they show.

Every chart is an `<svg role="img">` with a `<title>` and a `<desc>`; the page always
puts the same numbers in a table next to it. Colours are `fill`/`stroke` attributes
(allowed by the CSP, unlike `style=`), and never the only cue: the hemicycle's seats also
differ by shape, the bars carry their value as text.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hemicycle.council.models import CouncilGroup
from hemicycle.votes.models import GroupResult, Option, VoteEvent

NBSP = "\u00a0"
FALLBACK_COLOUR = "#777777"
NEUTRAL = "#8a948f"
INK = "#1c2321"
BAR_COLOUR = "#1f6b3a"  # the site's green: 6.9:1 on white
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")

# Left to right. The council's real seating is not recorded anywhere; the side is, and
# "opposition on the left" is how the council's own diagrams read. Within a side, the
# larger group first, then by name, so the drawing does not move between scrutins.
SIDE_ORDER: dict[str, int] = {
    CouncilGroup.Side.OPPOSITION: 0,
    CouncilGroup.Side.UNAFFILIATED: 1,
    CouncilGroup.Side.MAJORITY: 2,
}

# The kinds of seat mark, in legend order. "none": a seat with no vote counted (absent,
# vacant, or a group whose count was not entered).
MARKS = ("pour", "contre", "abstention", "nppv", "none")
MARK_LABELS = {
    "pour": "Pour (disque plein)",
    "contre": "Contre (cercle barré d’une croix)",
    "abstention": "Abstention (demi-disque)",
    "nppv": "Ne prend pas part au vote (disque pâle, pointillé)",
    "none": "Aucun vote décompté (petit point gris)",
}


def safe_colour(value: str | None) -> str:
    """A #rrggbb colour, or grey: the value goes into an attribute unescaped-looking."""
    return value if value and _HEX.match(value) else FALLBACK_COLOUR


def darker(colour: str, factor: float = 0.6) -> str:
    """The same hue, darker: outlines and crosses keep a 3:1 contrast on white even for
    light group colours (yellow, light blue)."""
    colour = safe_colour(colour)
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (r, g, b)))


def _n(value: float) -> str:
    """Coordinates with two decimals, no trailing zeros: small and stable output."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """French agreement: 0 and 1 take the singular."""
    word = singular if count <= 1 else (plural_form or f"{singular}s")
    return f"{count} {word}"


# --- horizontal bars -----------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: nothing to measure (shown as "—")
    text: str  # the value as the table shows it, e.g. "83 %"


def bar_chart_svg(
    bars: Sequence[Bar], *, title: str, desc: str, max_value: float = 1.0
) -> SafeString:
    """Horizontal bars, one per row, with the label on the left and the value as text."""
    width, label_w, value_w, row_h, top = 640, 210, 60, 26, 8
    bar_w = width - label_w - value_w - 10
    height = top * 2 + row_h * max(len(bars), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--bars" role="img" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{{id}}-t {{id}}-d">',
        f'<title id="{{id}}-t">{escape(title)}</title>',
        f'<desc id="{{id}}-d">{escape(desc)}</desc>',
        # The 0 % and 100 % guides.
        f'<line x1="{label_w}" y1="{top}" x2="{label_w}" y2="{height - top}" stroke="{NEUTRAL}"/>',
        f'<line x1="{label_w + bar_w}" y1="{top}" x2="{label_w + bar_w}" y2="{height - top}" '
        f'stroke="{NEUTRAL}" stroke-dasharray="3 3"/>',
    ]
    for i, bar in enumerate(bars):
        y = top + i * row_h
        middle = _n(y + row_h / 2 + 4)
        label = bar.label if len(bar.label) <= 30 else bar.label[:29] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{middle}" text-anchor="end" class="chart__label" '
            f'font-size="13" fill="{INK}">{escape(label)}</text>'
        )
        length = 0.0
        if bar.value is not None and max_value > 0:
            length = max(0.0, min(bar.value / max_value, 1.0)) * bar_w
            parts.append(
                f'<rect x="{label_w}" y="{_n(y + 5)}" width="{_n(length)}" height="{row_h - 10}" '
                f'fill="{BAR_COLOUR}"/>'
            )
        parts.append(
            f'<text x="{_n(label_w + length + 6)}" y="{middle}" class="chart__value" '
            f'font-size="13" fill="{INK}">{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    svg = "".join(parts).replace("{id}", _chart_id(title))
    # django-rules: allow mark-safe (every text above went through escape())
    return mark_safe(svg)  # noqa: S308  # nosec B308 B703


def _chart_id(title: str) -> str:
    """A stable id for aria-labelledby, unique enough on one page (titles differ)."""
    return f"chart-{zlib.crc32(title.encode()):08x}"


# --- the hemicycle -------------------------------------------------------------------------


@dataclass(frozen=True)
class SeatPosition:
    x: float
    y: float
    angle: float
    radius: float


def seat_positions(
    count: int, *, cx: float = 200, cy: float = 200, outer: float = 190, inner_ratio: float = 0.4
) -> tuple[list[SeatPosition], float]:
    """`count` seats on concentric half circles, ordered left to right; and the dot radius.

    Picks the number of rows whose gap between rows is closest to the gap between seats
    along a row, gives each row a share of seats proportional to its length, then orders
    all seats by angle so that consecutive seats form wedges, one per group.
    """
    if count <= 0:
        return [], 0.0
    inner = outer * inner_ratio
    best: tuple[float, int] | None = None
    for rows in range(1, 31):
        radii = _radii(rows, inner, outer)
        row_gap = (outer - inner) / (rows - 1) if rows > 1 else outer - inner
        seat_gap = math.pi * sum(radii) / count
        score = abs(row_gap - seat_gap)
        if best is None or score < best[0]:
            best = (score, rows)
    assert best is not None
    radii = _radii(best[1], inner, outer)
    per_row = _share(count, radii)
    seats = []
    gaps = []
    for radius, n in zip(radii, per_row, strict=True):
        if n == 0:
            continue
        if n > 1:
            gaps.append(math.pi * radius / (n - 1))
        for k in range(n):
            angle = math.pi / 2 if n == 1 else math.pi * (1 - k / (n - 1))
            seats.append(
                SeatPosition(
                    x=cx + radius * math.cos(angle),
                    y=cy - radius * math.sin(angle),
                    angle=angle,
                    radius=radius,
                )
            )
    row_gap = (outer - inner) / (len(radii) - 1) if len(radii) > 1 else outer - inner
    dot = 0.42 * min([row_gap, *gaps])
    seats.sort(key=lambda s: (-round(s.angle, 9), s.radius))
    return seats, dot


def _radii(rows: int, inner: float, outer: float) -> list[float]:
    if rows == 1:
        return [outer]
    return [inner + (outer - inner) * i / (rows - 1) for i in range(rows)]


def _share(count: int, radii: list[float]) -> list[int]:
    """Seats per row, proportional to the row's length, summing exactly to count
    (largest remainders)."""
    total = sum(radii)
    exact = [count * r / total for r in radii]
    shares = [math.floor(e) for e in exact]
    by_remainder = sorted(range(len(radii)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in by_remainder[: count - sum(shares)]:
        shares[i] += 1
    return shares


@dataclass
class GroupRow:
    """One council group as the hemicycle and its table show it."""

    name: str
    short_name: str
    colour: str
    seats: int
    pour: int = 0
    contre: int = 0
    abstention: int = 0
    nppv: int = 0

    @property
    def counted(self) -> int:
        return self.pour + self.contre + self.abstention + self.nppv

    @property
    def not_counted(self) -> int:
        return max(self.seats - self.counted, 0)

    def marks(self) -> list[str]:
        return (
            ["pour"] * self.pour
            + ["contre"] * self.contre
            + ["abstention"] * self.abstention
            + ["nppv"] * self.nppv
            + ["none"] * self.not_counted
        )

    def summary(self) -> str:
        return (
            f"{self.name}{NBSP}: {self.pour} pour, {self.contre} contre, "
            f"{plural(self.abstention, 'abstention')}, {self.nppv} NPPV"
            + (
                f", {plural(self.not_counted, 'siège')} sans vote décompté"
                if self.not_counted
                else ""
            )
        )


@dataclass
class Hemicycle:
    """Everything the `_hemicycle.html` partial shows for one scrutin."""

    svg: SafeString
    rows: list[GroupRow]
    totals: dict[str, int]
    sentence: str
    legend: list[tuple[str, str]] = field(default_factory=list)


def group_rows(group_results: Iterable[GroupResult]) -> list[GroupRow]:
    results = sorted(
        group_results,
        key=lambda r: (
            SIDE_ORDER.get(r.council_group.side, 1),
            -r.council_group.seats,
            r.council_group.name,
        ),
    )
    rows = []
    for result in results:
        group = result.council_group
        rows.append(
            GroupRow(
                name=group.name,
                short_name=group.short_name,
                colour=safe_colour(group.colour),
                # A count above the group's seats is a typing error; drawing every vote
                # recorded keeps it visible rather than silently dropped.
                seats=max(group.seats, result.total),
                pour=result.pour,
                contre=result.contre,
                abstention=result.abstention,
                nppv=result.nppv,
            )
        )
    return rows


def _mark(kind: str, x: float, y: float, r: float, colour: str) -> str:
    edge = darker(colour)
    cx, cy, rr = _n(x), _n(y), _n(r)
    if kind == "pour":
        return f'<circle cx="{cx}" cy="{cy}" r="{rr}" fill="{colour}" stroke="{edge}" stroke-width="0.8"/>'
    if kind == "contre":
        d = r * 0.62
        return (
            f'<circle cx="{cx}" cy="{cy}" r="{rr}" fill="#ffffff" stroke="{edge}" stroke-width="1"/>'
            f'<path d="M{_n(x - d)} {_n(y - d)}L{_n(x + d)} {_n(y + d)}M{_n(x - d)} {_n(y + d)}'
            f'L{_n(x + d)} {_n(y - d)}" stroke="{edge}" stroke-width="1.4" fill="none"/>'
        )
    if kind == "abstention":
        return (
            f'<circle cx="{cx}" cy="{cy}" r="{rr}" fill="#ffffff" stroke="{edge}" stroke-width="1"/>'
            f'<path d="M{cx} {_n(y - r)}A{rr} {rr} 0 0 0 {cx} {_n(y + r)}Z" fill="{colour}"/>'
        )
    if kind == "nppv":
        return (
            f'<circle cx="{cx}" cy="{cy}" r="{rr}" fill="{colour}" fill-opacity="0.3" '
            f'stroke="{edge}" stroke-width="0.8" stroke-dasharray="1.5 1.2"/>'
        )
    return f'<circle cx="{cx}" cy="{cy}" r="{_n(r * 0.4)}" fill="{NEUTRAL}"/>'


def hemicycle_svg(
    group_results: Iterable[GroupResult],
    *,
    total_seats: int | None = None,
    title: str = "Hémicycle du scrutin",
    desc: str = "",
    chart_id: str = "hemicycle",
) -> SafeString:
    """The council's seats as dots in half circles, one wedge per group from the opposition
    (left) to the majority (right); each dot in its group's colour, shaped by its vote.

    `total_seats` (the mandature's 170) pads with grey seats the ones no group accounts
    for (a vacancy, or a group without a count), so the drawing always has every seat.
    """
    return _draw(
        group_rows(group_results),
        total_seats=total_seats,
        title=title,
        desc=desc,
        chart_id=chart_id,
    )


def _draw(
    rows: list[GroupRow], *, total_seats: int | None, title: str, desc: str, chart_id: str
) -> SafeString:
    marks: list[tuple[int | None, str]] = []
    for position, row in enumerate(rows):
        marks += [(position, kind) for kind in row.marks()]
    if total_seats and total_seats > len(marks):
        marks += [(None, "none")] * (total_seats - len(marks))
    seats, dot = seat_positions(len(marks))
    legend_y = 222
    width, height = 400, legend_y + 18 * len(MARKS) + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--hemicycle" role="img" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]
    current: int | str | None = "start"
    for (index, kind), seat in zip(marks, seats, strict=True):
        if index != current:
            if current != "start":
                parts.append("</g>")
            label = rows[index].summary() if index is not None else "Sièges sans groupe décompté"
            parts.append(f'<g class="group"><title>{escape(label)}</title>')
            current = index
        colour = rows[index].colour if index is not None else NEUTRAL
        parts.append(f'<g class="seat seat--{kind}">{_mark(kind, seat.x, seat.y, dot, colour)}</g>')
    if current != "start":
        parts.append("</g>")
    # The legend, in a neutral colour: shapes, not colours, tell the votes apart.
    for i, kind in enumerate(MARKS):
        y = legend_y + 18 * i
        parts.append(
            f'<g class="legend">{_mark(kind, 16, y, 6, "#5b6661")}'
            f'<text x="30" y="{y + 4}" class="chart__legend" font-size="11" fill="{INK}">'
            f"{escape(MARK_LABELS[kind])}</text></g>"
        )
    parts.append("</svg>")
    # django-rules: allow mark-safe (texts escaped, colours checked against #rrggbb)
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703


def result_sentence(result_label: str, totals: dict[str, int], tie_break: str = "") -> str:
    """ "Adopté : 120 pour, 30 contre, 20 abstentions", the text alternative's headline."""
    head = result_label or "Résultat non saisi"
    sentence = (
        f"{head}{NBSP}: {totals['pour']} pour, {totals['contre']} contre, "
        f"{plural(totals['abstention'], 'abstention')}"
    )
    if totals["nppv"]:
        sentence += f", {totals['nppv']} ne prenant pas part au vote"
    if tie_break:
        sentence += f" (voix prépondérante de la présidence{NBSP}: {tie_break})"
    return sentence


def hemicycle(
    group_results: Iterable[GroupResult], *, vote_event: VoteEvent | None = None,
    total_seats: int | None = None,
) -> Hemicycle:  # fmt: skip
    """The chart, its table rows, totals and headline sentence for one scrutin."""
    rows = group_rows(group_results)
    # A handful of group rows already fetched: summing them is presentation, not a query.
    totals = {o.value: sum(getattr(r, o.value) for r in rows) for o in Option}
    totals["seats"] = sum(r.seats for r in rows)
    totals["none"] = sum(r.not_counted for r in rows)
    result_label = vote_event.get_result_display() if vote_event and vote_event.result else ""
    tie_break = ""
    if vote_event and vote_event.tie_break:
        tie_break = vote_event.get_tie_break_display().lower()
    sentence = result_sentence(result_label, totals, tie_break)
    title = f"Hémicycle{NBSP}: {vote_event.title}" if vote_event else "Hémicycle du scrutin"
    chart_id = f"hemicycle-{vote_event.pk}" if vote_event else "hemicycle"
    svg = _draw(rows, total_seats=total_seats, title=title, desc=sentence, chart_id=chart_id)
    return Hemicycle(
        svg=svg,
        rows=rows,
        totals=totals,
        sentence=sentence,
        legend=[(kind, MARK_LABELS[kind]) for kind in MARKS],
    )


def percent(value: Any, digits: int = 0) -> str:
    """0.625 → "62,5 %" (French decimal comma, narrow no-break space); None → "—"."""
    if value is None:
        return "—"
    number = f"{float(value) * 100:.{digits}f}".replace(".", ",")
    return f"{number}\u202f%"


def index(value: Any) -> str:
    """An Agreement Index for reading: 0.625 → "0,63" (half up, as people round)."""
    if value is None:
        return "—"
    rounded = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return str(rounded).replace(".", ",")
