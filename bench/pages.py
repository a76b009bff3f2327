"""Benchmark: server time and query count of the main pages, at 1 and 10 mandatures of data.

    python bench/pages.py [--scales 1,10] [--database-url postgres://…]

For each scale, builds a fresh database in a temporary instance folder (SQLite, or the
PostgreSQL database given by --database-url or BENCH_DATABASE_URL, which is flushed), runs
`generate_data --scale N`, then, in a child process on that database, requests each page
with django.test.Client logged in as the secretariat: 2 warm-ups, then each page twice
over — as the first reader after a change gets it (every stored fragment dropped before
each request, see hemicycle/core/fragments.py: the page builds everything) and as the next
readers get it (fragments stored) — each time one request under CaptureQueriesContext for
the query count (kept apart so that recording the SQL does not weigh on the timings), then
15 timed requests (time.perf_counter around client.get) for the median and p95.

Every figure is given as a ratio to the bare page measured in the same run: the
notifications list with no notification (core:notification_list), an authenticated page
of the same stack (middleware, session, header and navigation, unread count) that reads
nothing else. Targets (issue "Scale"): the same query count at every scale (both ways),
and a median time at most 3× the bare page's at scale 10 for the next readers. The first
reader's figures are printed beside them, with their growth from scale 1 to 10.

Results go to bench/results/latest.json (one entry per figure) and latest.svg.
DATABASE_URL is deliberately ignored: the benchmark flushes its database, and must never
do that to the one named in the environment for everyday work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WARMUPS, REQUESTS = 2, 15
TIME_TARGET = 3.0
# A page slower than this per request gets fewer timed requests (at least 3, for a
# median), and one warm-up when a request takes over SLOW_SECONDS, so that a pathological
# page cannot hold the run for an hour; each entry says how many requests were timed.
PAGE_BUDGET_SECONDS = 90.0
MIN_REQUESTS = 3
SLOW_SECONDS = 10.0
BARE = "core:notification_list"
PAGES = [
    # key, label
    ("bare", "Page nue (notifications)"),
    ("dashboard", "Tableau de bord"),
    ("sitting", "Séance de CP (~300 rapports)"),
    ("report", "Rapport"),
    ("filings", "Liste des dépôts"),
    ("analysis", "Analyse des votes (mandature)"),
    ("activity", "Fiche d’activité d’un·e élu·e"),
    ("search_page", "Recherche « transport »"),
    ("agenda", "Agenda (mois)"),
]


# --- child: measure the pages on the database named by the environment ------------------


def _urls() -> dict[str, str]:
    from django.db.models import Count
    from django.urls import reverse

    from hemicycle.council.models import Body
    from hemicycle.group.selectors import current_group
    from hemicycle.sittings.models import Sitting

    group = current_group()
    assert group is not None and group.term is not None, "generate_data has not run"
    # The latest commission permanente of the current mandature, and its middle rapport:
    # the same rows at every scale (the current mandature is generated first).
    sitting = (
        Sitting.objects.filter(body__term=group.term, body__kind=Body.Kind.PERMANENT)
        .annotate(n=Count("reports"))
        .order_by("-starts_at")
        .first()
    )
    assert sitting is not None
    report = sitting.reports.order_by("order")[sitting.n // 2]  # type: ignore[attr-defined]
    councillor = group.council_group.members.order_by("pk").first().group_councillor  # type: ignore[attr-defined]
    return {
        "bare": reverse(BARE),
        "dashboard": reverse("core:dashboard"),
        "sitting": reverse("sittings:sitting_detail", args=[sitting.pk]),
        "report": reverse("sittings:report_detail", args=[report.pk]),
        "filings": reverse("filings:list"),
        "analysis": reverse("votes:analysis"),
        "activity": reverse("votes:councillor_activity", args=[councillor.pk]),
        "search_page": reverse("core:search") + "?q=transport",
        # The month of the benchmark's séance: a month with séances and deadlines.
        "agenda": reverse("agenda:agenda")
        + f"?vue=mois&date={sitting.starts_at.date().isoformat()}",
    }


def measure(output: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from hemicycle.accounts.models import User
    from hemicycle.core import fragments

    user = User.objects.get(username="secretariat")
    client = Client()
    client.force_login(user)
    results: dict[str, Any] = {"database": connection.vendor, "pages": {}}
    urls = _urls()
    for key, url in urls.items():
        for n in range(WARMUPS):
            started = time.perf_counter()
            response = client.get(url)
            first = time.perf_counter() - started
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            if first > SLOW_SECONDS and n == 0:
                break  # a page this slow is warm after one request
        count = max(MIN_REQUESTS, min(REQUESTS, int(PAGE_BUDGET_SECONDS / max(first, 1e-6))))
        page: dict[str, Any] = {"url": url, "requests": count, "bytes": len(response.content)}
        # "cold": the first reader after a change (every stored fragment dropped before the
        # request, outside the timing); then the page as the next readers get it.
        for prefix, drop in (("cold_", True), ("", False)):
            # The session middleware records activity at most once a minute: after a
            # request to a page that takes longer, the next one would count that write
            # too. A bare request just before keeps the count the page's own.
            client.get(urls["bare"])
            if drop:
                fragments.changed()
            else:
                client.get(url)
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            # Counted now: the log is cleared by the next request's request_started signal.
            page[f"{prefix}queries"] = len(captured)
            times = []
            for _ in range(count):
                if drop:
                    fragments.changed()
                started = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - started)
            page[f"{prefix}median_ms"] = statistics.median(times) * 1000
            page[f"{prefix}p95_ms"] = (
                statistics.quantiles(times, n=20, method="inclusive")[18] * 1000
            )
        results["pages"][key] = page
        print(
            f"  {key:<12} {page['median_ms']:>8.1f} ms {page['queries']:>4} queries"
            f"   first reader after a change: {page['cold_median_ms']:>8.1f} ms"
            f" {page['cold_queries']:>4} queries"
        )
    output.write_text(json.dumps(results))


# --- parent: build each database, run the child, write the results -----------------------


def _env(instance: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        HEMICYCLE_INSTANCE_DIR=str(instance),
        DJANGO_SETTINGS_MODULE="config.settings",
        # Production-like: no debug cursor; the bench logs in without a second factor
        # (force_login) and never fails a login, so neither 2FA nor axes is in the way.
        DEBUG="0",
        HEMICYCLE_REQUIRE_2FA="0",
        AXES_ENABLED="0",
        ALLOWED_HOSTS="testserver",
        LOG_LEVEL="WARNING",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run_scale(scale: int, database_url: str, keep: bool, reuse: Path | None) -> dict[str, Any]:
    if reuse is not None:
        # A folder per scale, kept: a second run skips generate_data (after `migrate`, so
        # that a new index is measured without regenerating ten mandatures).
        instance = reuse / f"x{scale}"
        instance.mkdir(parents=True, exist_ok=True)
        keep = True
    else:
        instance = Path(tempfile.mkdtemp(prefix=f"hemicycle-bench-x{scale}-"))
    env = _env(instance, database_url)
    python, manage = sys.executable, str(ROOT / "manage.py")
    log = instance / "generate_data.log"
    try:
        print(f"== scale {scale}: {instance}", flush=True)
        subprocess.run([python, manage, "migrate", "--noinput", "-v0"], env=env, check=True)  # noqa: S603
        if reuse is not None and log.exists():
            print(f"   reusing the data generated earlier ({log})")
            stdout = log.read_text()
        else:
            generated = subprocess.run(  # noqa: S603  (our own manage.py)
                [python, manage, "generate_data", "--scale", str(scale), "--reset"],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            stdout = generated.stdout
            log.write_text(stdout)
        print(stdout, end="", flush=True)
        output = instance / "pages.json"
        subprocess.run([python, __file__, "--measure", str(output)], env=env, check=True)  # noqa: S603
        measured = json.loads(output.read_text())
        measured["generation_seconds"], measured["generation_rows"] = _totals(stdout)
        return measured
    finally:
        if keep:
            print(f"   kept: HEMICYCLE_INSTANCE_DIR={instance}")
        else:
            shutil.rmtree(instance, ignore_errors=True)


def _totals(stdout: str) -> tuple[float | None, int | None]:
    """(seconds, rows) from generate_data's last line: « 704 129 lignes en 73.0 s (…) »."""
    last = stdout.strip().splitlines()[-1] if stdout.strip() else ""
    rows, _, rest = last.partition(" lignes en ")
    seconds = rest.split(" s")[0]
    rows = rows.replace("\u202f", "")
    try:
        return float(seconds), int(rows)
    except ValueError:
        return None, None


def entries(runs: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per figure; ratios against the bare page of the same run."""
    rows: list[dict[str, Any]] = []
    smallest = min(runs)
    for scale, run in sorted(runs.items()):
        pages = run["pages"]
        bare = pages["bare"]
        rows.append(
            {
                "name": "generate_data.seconds",
                "scale": scale,
                "value": run["generation_seconds"],
                "reference": None,
                "ratio": None,
                "target": None,
                "unit": "s",
                "rows": run["generation_rows"],
            }
        )
        for key, _label in PAGES:
            page = pages[key]
            for stat in ("queries", "cold_queries"):
                base_queries = runs[smallest]["pages"][key][stat]
                rows.append(
                    {
                        "name": f"{key}.{stat}",
                        "scale": scale,
                        "value": page[stat],
                        "reference": bare[stat],
                        "ratio": round(page[stat] / bare[stat], 2),
                        # Equal at every scale: the target is the count at the smallest scale.
                        "target": base_queries,
                        "unit": "queries",
                        "ok": page[stat] == base_queries,
                    }
                )
            if scale != smallest:
                # Not a target: how the page's time grew with the data, for the reader —
                # measured on the first reader after a change, who builds everything.
                base = runs[smallest]["pages"][key]["cold_median_ms"]
                rows.append(
                    {
                        "name": f"{key}.growth",
                        "scale": scale,
                        "value": round(page["cold_median_ms"], 1),
                        "reference": round(base, 1),
                        "ratio": round(page["cold_median_ms"] / base, 2),
                        "target": None,
                        "unit": f"ms, first reader after a change, against scale {smallest}",
                    }
                )
            for stat, target in (
                ("median_ms", TIME_TARGET),
                ("p95_ms", None),
                ("cold_median_ms", None),
                ("cold_p95_ms", None),
            ):
                ratio = page[stat] / bare[stat]
                rows.append(
                    {
                        "name": f"{key}.{stat}",
                        "scale": scale,
                        "value": round(page[stat], 1),
                        "reference": round(bare[stat], 1),
                        "ratio": round(ratio, 2),
                        "target": target,
                        "unit": "ms",
                        "requests": page["requests"],
                        **({"ok": ratio <= target} if target else {}),
                    }
                )
    return rows


def summary(runs: dict[int, dict[str, Any]], rows: list[dict[str, Any]]) -> str:
    by = {(r["name"], r["scale"]): r for r in rows}
    lines = [
        f"{'':<34}{'':>6}{'— next readers —':^38}{'— first reader after a change —':^40}",
        f"{'page':<34}{'scale':>6}{'queries':>9}{'median ms':>11}{'p95 ms':>10}{'× bare':>8}"
        f"{'queries':>9}{'median ms':>11}{'× bare':>8}{'× scale ' + str(min(runs)):>11}  verdict",
    ]
    for scale in sorted(runs):
        for key, label in PAGES:
            q, med, p95, cq, cmed = (
                by[(f"{key}.{s}", scale)]
                for s in ("queries", "median_ms", "p95_ms", "cold_queries", "cold_median_ms")
            )
            growth = by.get((f"{key}.growth", scale), {"ratio": 1.0})["ratio"]
            verdicts = []
            if not q["ok"] or not cq["ok"]:
                verdicts.append(f"queries ≠ {q['target']}/{cq['target']}")
            if key != "bare" and not med["ok"]:
                verdicts.append(f"time > {TIME_TARGET:g}× bare")
            lines.append(
                f"{label:<34}{scale:>6}{q['value']:>9}{med['value']:>11.1f}{p95['value']:>10.1f}"
                f"{med['ratio']:>8.2f}{cq['value']:>9}{cmed['value']:>11.1f}{cmed['ratio']:>8.2f}"
                f"{growth:>11.2f}  {'; '.join(verdicts) or 'ok'}"
            )
        gen = by[("generate_data.seconds", scale)]
        lines.append(f"{'generate_data':<34}{scale:>6}{gen['value']!s:>31} s, {gen['rows']} rows")
    return "\n".join(lines)


def svg(runs: dict[int, dict[str, Any]], rows: list[dict[str, Any]]) -> str:
    """Horizontal bars: each page's median time as a multiple of the bare page, one bar
    per scale for the next readers and one for the first reader after a change, with the
    target drawn as a dashed line. Plain strings, no library."""
    by = {(r["name"], r["scale"]): r for r in rows}
    series = [
        (scale, stat, f"échelle {scale}{suffix}")
        for stat, suffix in (
            ("median_ms", ""),
            ("cold_median_ms", ", 1er lecteur après un changement"),
        )
        for scale in sorted(runs)
    ]
    scales = sorted(runs)
    colours = ["#2e7d32", "#1e4fa3", "#c62828", "#f0a000"]
    pages = [(k, label) for k, label in PAGES if k != "bare"]
    top = max(
        [TIME_TARGET, *(by[(f"{k}.{st}", s)]["ratio"] for k, _ in pages for s, st, _ in series)]
    )
    left, width, bar, gap = 250, 460, 14, 10
    height = 80 + len(pages) * (len(series) * bar + gap) + 30

    # Logarithmic: a page 1,000× the bare one must not flatten the others into slivers.
    span = math.log10(top * 1.5)

    def x(value: float) -> float:
        return left + width * max(0.0, math.log10(max(value, 1.0))) / span + 2

    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 90}" height="{height}" '
        f'font-family="sans-serif" font-size="12" role="img" aria-labelledby="t d">',
        '<title id="t">Temps médian de chaque page, en multiple de la page nue</title>',
        f'<desc id="d">Barres horizontales par page et par échelle ({", ".join(map(str, scales))} '
        f"mandatures), pour les lecteurs suivants puis pour le premier lecteur après un "
        f"changement ; cible : au plus {TIME_TARGET:g} fois la page nue pour les lecteurs "
        f"suivants (tirets).</desc>",
        f'<text x="10" y="20" font-weight="bold">Temps médian ÷ page nue, échelle '
        f"logarithmique (cible ≤ {TIME_TARGET:g}× pour les lecteurs suivants)</text>",
    ]
    for i, (_scale, _stat, name) in enumerate(series):
        x0, y0 = 10 + (i % 2) * 360, 30 + (i // 2) * 18
        parts.append(
            f'<rect x="{x0}" y="{y0}" width="12" height="12" fill="{colours[i % 4]}"/>'
            f'<text x="{x0 + 18}" y="{y0 + 10}">{esc(name)}</text>'
        )
    y = 80
    for key, label in pages:
        parts.append(
            f'<text x="{left - 8}" y="{y + len(series) * bar / 2 + 4}" text-anchor="end">{esc(label)}</text>'
        )
        for i, (scale, stat, _name) in enumerate(series):
            ratio = by[(f"{key}.{stat}", scale)]["ratio"]
            parts.append(
                f'<rect x="{left}" y="{y}" width="{x(ratio) - left:.1f}" height="{bar - 2}" '
                f'fill="{colours[i % 4]}"/>'
                f'<text x="{x(ratio) + 4:.1f}" y="{y + bar - 4}">{ratio:.2f}×</text>'
            )
            y += bar
        y += gap
    parts.append(
        f'<line x1="{x(TIME_TARGET):.1f}" y1="72" x2="{x(TIME_TARGET):.1f}" y2="{y}" '
        f'stroke="#333" stroke-dasharray="4 3"/>'
        f'<line x1="{left}" y1="72" x2="{left}" y2="{y}" stroke="#333"/>'
        + "".join(
            f'<text x="{x(tick):.1f}" y="{y + 16}" text-anchor="middle">{tick:g}×</text>'
            for tick in (1, TIME_TARGET, 10, 100, 1000, 10000)
            if tick <= top * 1.5
        )
        + "</svg>"
    )
    return "\n".join(parts) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10", help="comma-separated, e.g. 1 or 1,10")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="a PostgreSQL database to flush and fill (default: SQLite in a temporary folder)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary instance folders")
    parser.add_argument(
        "--reuse",
        type=Path,
        help="SQLite only: build each scale in DIR/x<scale> and keep it; a later run with "
        "the same DIR migrates and measures without generating again",
    )
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child's mode
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return 0
    scales = sorted({int(s) for s in args.scales.split(",") if s.strip()})
    if args.reuse and args.database_url:
        parser.error("--reuse keeps SQLite files; it cannot be used with a database URL")
    runs = {scale: run_scale(scale, args.database_url, args.keep, args.reuse) for scale in scales}
    rows = entries(runs)
    RESULTS.mkdir(parents=True, exist_ok=True)
    document = {
        "run_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": runs[scales[0]]["database"],
        "bare_page": BARE,
        "requests": {"warmups": WARMUPS, "timed": REQUESTS, "query_count": 1},
        "entries": rows,
    }
    (RESULTS / "latest.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    (RESULTS / "latest.svg").write_text(svg(runs, rows))
    print(summary(runs, rows))
    print(f"Results: {RESULTS / 'latest.json'}, {RESULTS / 'latest.svg'}")
    failed = [r for r in rows if r.get("ok") is False and not r["name"].startswith("bare.")]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
