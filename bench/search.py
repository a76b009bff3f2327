"""Benchmark: global search through its selector against the bare engine query, same terms.

    python bench/search.py [--database-url postgres://…] [--reuse DIR] [--articles 3000]

Builds a fresh database (SQLite in a temporary folder, or the PostgreSQL database given by
--database-url or BENCH_DATABASE_URL, which is flushed), runs `generate_data --scale 1` (a
full mandature), then in a child process: rebuilds the search index (timed), adds
`--articles` synthetic press articles (an area that does not exist yet, a few hundred words
each) as search documents, and for each search of QUERIES measures, alternately, 15 times:

- the selector: `hemicycle.core.search.query.search(user, q)` as the secrétariat — the
  normalisation, the one SQL query (match, visibility, facets, ranked page of 20), and
  the highlighted passages cut in Python;
- the raw engine query for the same terms: the 20 best documents by the engine's own rank
  (`fts MATCH … ORDER BY bm25 LIMIT 20` on SQLite, `@@ … ORDER BY ts_rank DESC LIMIT 20`
  on PostgreSQL), which any search must at least do.

Target (issue "search"): the median over the searches of the selector's median time is at
most 2× the same median of the raw query. Results go to bench/results/search.json
(search-postgresql.json on PostgreSQL) and are merged into bench/results/latest.json
(entries named `search.*`) when that file holds the same engine's figures. DATABASE_URL
is ignored on purpose: the benchmark flushes its database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
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
TARGET = 2.0
WARMUPS, RUNS = 2, 15
PAGE = 20
# Searches a secrétariat would type: common and rare words, several words, a word being
# typed (prefix), accents left out, a word with no hit.
QUERIES = [
    "transport",
    "transports scolaires",
    "subvention",
    "region",
    "lycees",
    "renovation energetique",
    "voie verte",
    "formation emploi",
    "festival",
    "zone humide",
    "tres haut debit",
    "photovolt",
    "communaute agglomeration",
    "biodiversite agriculture",
    "amendement",
    "introuvablexyz",
]
_ARTICLE_TEXT = (
    "la région finance les transports scolaires des lycéens et la rénovation énergétique "
    "des lycées ; le conseil régional vote une subvention pour la voie verte, la zone humide, "
    "le festival, la formation des demandeurs d’emploi, le très haut débit, les panneaux "
    "photovoltaïques, l’agriculture biologique et la biodiversité ; l’opposition écologiste "
    "dépose un amendement ; la communauté d’agglomération signe une convention ; le budget, "
    "les associations, la culture, le sport, la santé, la mobilité, le ferroviaire, le TER"
)
ARTICLE_WORDS = _ARTICLE_TEXT.split()


def _raw_sql() -> str:
    from django.db import connection

    from hemicycle.core.models import SearchDocument

    table = SearchDocument._meta.db_table
    if connection.vendor == "postgresql":
        return (
            f"SELECT d.id FROM {table} d, to_tsquery('simple', %s) q "  # noqa: S608
            "WHERE d.search_vector @@ q ORDER BY ts_rank(d.search_vector, q) DESC LIMIT 20"
        )
    return (
        f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s "  # noqa: S608
        f"ORDER BY bm25({table}_fts, 10.0, 1.0) LIMIT 20"
    )


def _add_articles(count: int) -> None:
    from hemicycle.core import search
    from hemicycle.core.search import index

    search.register(
        search.SearchSource(
            kind="press.article",
            label="Articles (banc d’essai)",
            code=90,
            queryset=lambda: None,  # type: ignore[arg-type,return-value]
            build=lambda obj: None,
            order=90,
        )
    )
    from hemicycle.core.models import SearchDocument

    SearchDocument.objects.filter(kind="press.article").delete()  # a previous run's
    rng = random.Random(16)  # noqa: S311  (reproducible fake text)

    class Fake:
        def __init__(self, pk: int) -> None:
            self.pk = pk

    batch = []
    for n in range(count):
        words = [rng.choice(ARTICLE_WORDS) for _ in range(rng.randint(200, 800))]
        entry = search.Entry(
            title=" ".join(rng.choice(ARTICLE_WORDS) for _ in range(8)).capitalize(),
            body=" ".join(words),
            url=f"/presse/{n}/",
            audience=search.Audience.READERS,
            date=dt.date(2016, 1, 1) + dt.timedelta(days=n % 2000),
        )
        batch.append((Fake(n + 1), entry))
        if len(batch) == 500:
            index._insert("press.article", batch)
            batch = []
    index._insert("press.article", batch)


def measure(output: Path, articles: int) -> None:
    import django

    django.setup()
    from django.db import connection

    from hemicycle.accounts.models import User
    from hemicycle.core.models import SearchDocument
    from hemicycle.core.roles import Role
    from hemicycle.core.search import index, query, text

    started = time.perf_counter()
    counts = index.rebuild()
    rebuild_seconds = time.perf_counter() - started
    started = time.perf_counter()
    _add_articles(articles)
    articles_seconds = time.perf_counter() - started
    user = User.objects.filter(role=Role.SECRETARIAT, is_active=True).first()
    assert user is not None, "generate_data has not run"
    raw = _raw_sql()
    rows = []
    for q in QUERIES:
        terms = text.parse_query(q)
        expression = (
            text.tsquery(terms) if connection.vendor == "postgresql" else text.fts5_match(terms)
        )

        def run_raw(expression: str = expression) -> None:
            with connection.cursor() as cursor:
                cursor.execute(raw, [expression])
                cursor.fetchall()

        def run_selector(q: str = q) -> query.Results:
            return query.search(user, q, per_page=PAGE)

        for _ in range(WARMUPS):
            run_raw()
            found = run_selector()
        selector_times, raw_times = [], []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            run_raw()
            t1 = time.perf_counter()
            run_selector()
            t2 = time.perf_counter()
            raw_times.append((t1 - t0) * 1000)
            selector_times.append((t2 - t1) * 1000)
        rows.append(
            {
                "query": q,
                "matches": found.all_count,
                "selector_ms": statistics.median(selector_times),
                "raw_ms": statistics.median(raw_times),
            }
        )
    output.write_text(
        json.dumps(
            {
                "database": connection.vendor,
                "documents": SearchDocument.objects.count(),
                "indexed": counts,
                "articles": articles,
                "rebuild_seconds": rebuild_seconds,
                "articles_seconds": articles_seconds,
                "queries": rows,
            }
        )
    )


def _env(instance: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        HEMICYCLE_INSTANCE_DIR=str(instance),
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        LOG_LEVEL="WARNING",
        ALLOWED_HOSTS="testserver",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run(database_url: str, reuse: Path | None, articles: int) -> dict[str, Any]:
    instance = reuse / "x1" if reuse else Path(tempfile.mkdtemp(prefix="hemicycle-search-"))
    instance.mkdir(parents=True, exist_ok=True)
    env = _env(instance, database_url)
    python, manage = sys.executable, str(ROOT / "manage.py")
    log = instance / "generate_data.log"
    try:
        subprocess.run([python, manage, "migrate", "--noinput", "-v0"], env=env, check=True)  # noqa: S603
        if reuse is not None and log.exists():
            print(f"   reusing the data generated earlier ({log})")
        else:
            generated = subprocess.run(  # noqa: S603  (our own manage.py)
                [python, manage, "generate_data", "--scale", "1", "--reset"],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            log.write_text(generated.stdout)
            print(generated.stdout, end="", flush=True)
        output = instance / "search.json"
        subprocess.run(  # noqa: S603
            [python, __file__, "--measure", str(output), "--articles", str(articles)],
            env=env,
            check=True,
        )
        return dict(json.loads(output.read_text()))
    finally:
        if reuse is None:
            shutil.rmtree(instance, ignore_errors=True)


def entries(measured: dict[str, Any]) -> list[dict[str, Any]]:
    rows = measured["queries"]
    selector = statistics.median(r["selector_ms"] for r in rows)
    raw = statistics.median(r["raw_ms"] for r in rows)
    ratio = selector / raw if raw else None
    result = [
        {
            "name": "search.median_ms",
            "scale": 1,
            "value": round(selector, 2),
            "reference": round(raw, 2),
            "ratio": round(ratio, 2) if ratio else None,
            "target": TARGET,
            "unit": "ms",
            "queries": len(rows),
            "documents": measured["documents"],
            "ok": ratio is not None and ratio <= TARGET,
        },
        {
            "name": "search.rebuild_seconds",
            "scale": 1,
            "value": round(measured["rebuild_seconds"], 1),
            "reference": None,
            "ratio": None,
            "target": None,
            "unit": "s",
            "documents": sum(measured["indexed"].values()),
        },
    ]
    for r in rows:
        result.append(
            {
                "name": f"search.query[{r['query']}]",
                "scale": 1,
                "value": round(r["selector_ms"], 2),
                "reference": round(r["raw_ms"], 2),
                "ratio": round(r["selector_ms"] / r["raw_ms"], 2) if r["raw_ms"] else None,
                "target": None,
                "unit": "ms",
                "matches": r["matches"],
            }
        )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--reuse", type=Path, help="SQLite only: keep and reuse DIR/x1")
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child's mode
    args = parser.parse_args()
    if args.measure:
        sys.path.insert(0, str(ROOT))
        measure(args.measure, args.articles)
        return 0
    measured = run(args.database_url, args.reuse, args.articles)
    rows = entries(measured)
    RESULTS.mkdir(parents=True, exist_ok=True)
    document = {
        "run_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": measured["database"],
        "documents": measured["documents"],
        "indexed": measured["indexed"],
        "articles": measured["articles"],
        "entries": rows,
    }
    name = "search.json" if measured["database"] == "sqlite" else "search-postgresql.json"
    (RESULTS / name).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    latest = RESULTS / "latest.json"
    merged = json.loads(latest.read_text()) if latest.exists() else {}
    # latest.json holds one engine's figures (bench/pages.py's run): merge only those.
    if merged.get("database") == measured["database"]:
        merged["entries"] = [
            e for e in merged.get("entries", []) if not e["name"].startswith("search.")
        ] + rows
        latest.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n")
    print(f"{'search':<32}{'matches':>9}{'selector ms':>13}{'raw ms':>9}{'ratio':>7}")
    for r in measured["queries"]:
        ratio = r["selector_ms"] / r["raw_ms"] if r["raw_ms"] else 0
        print(
            f"{r['query']:<32}{r['matches']:>9}{r['selector_ms']:>13.2f}{r['raw_ms']:>9.2f}"
            f"{ratio:>7.2f}"
        )
    head = rows[0]
    verdict = "OK" if head["ok"] else "MISSED"
    print(
        f"median: selector {head['value']} ms, raw {head['reference']} ms, "
        f"ratio {head['ratio']} (target ≤ {TARGET}) {verdict}; "
        f"{measured['documents']} documents, rebuild {measured['rebuild_seconds']:.1f} s"
    )
    print(f"Results: {RESULTS / name}")
    return 0 if head["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
