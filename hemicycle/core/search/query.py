"""Reading the index: one SQL query per results page, permissions and facets included.

The query first selects every matching document the user may see (MATCH on SQLite FTS5,
@@ on PostgreSQL, with the visibility test in the same WHERE), once, in a materialised
common table expression; from it come both the count per kind (the facets) and the ranked
page of hits. Snippets are then cut in Python from the page's texts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils.safestring import SafeString

from hemicycle.core.models import SearchDocument, SearchGrant
from hemicycle.core.permissions import is_member, is_member_or_observer, is_partner
from hemicycle.core.search import registry, snippets, text

Audience = SearchDocument.Audience
PER_PAGE = 20
# FTS5 bm25 column weights and PostgreSQL setweight letters: a word in the title counts more.
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0


def audiences_for(user: Any) -> list[str]:
    if is_member(user):
        return [Audience.MEMBERS, Audience.READERS, Audience.AUTHENTICATED]
    if is_member_or_observer(user):
        return [Audience.READERS, Audience.AUTHENTICATED]
    if getattr(user, "is_authenticated", False) and user.is_active:
        return [Audience.AUTHENTICATED]
    return []


def principals_for(user: Any) -> list[str]:
    group_id = getattr(user, "partner_group_id", None)
    if is_partner(user) and group_id:
        return [registry.partner_group(group_id)]
    return []


@dataclass
class Hit:
    kind: str
    kind_label: str
    object_id: str
    title: SafeString
    url: str
    date: dt.date | None
    snippet: SafeString
    rank: float


@dataclass
class Results:
    query: str
    terms: list[text.Term]
    hits: list[Hit] = field(default_factory=list)
    facets: list[tuple[str, str, int]] = field(default_factory=list)  # kind, label, count
    total: int = 0  # within the chosen kind, if any
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def all_count(self) -> int:
        return sum(count for _, _, count in self.facets)

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.per_page + 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _filters(
    user: Any, id_column: str, date_from: dt.date | None, date_to: dt.date | None
) -> tuple[list[str], list[Any]] | None:
    """WHERE conditions on a document id: who may see it, and its date. None: nothing."""
    audiences = audiences_for(user)
    principals = principals_for(user)
    if not audiences and not principals:
        return None
    clauses: list[str] = []
    params: list[Any] = []
    if audiences:
        # The audience code sits in the id (registry.document_id): no row to read.
        codes = [registry.AUDIENCE_CODES[a] for a in audiences]
        clauses.append(
            f"(({id_column} >> {registry.AUDIENCE_SHIFT}) & 15) IN "
            f"({', '.join(['%s'] * len(codes))})"
        )
        params += codes
    if principals:
        clauses.append(
            f"{id_column} IN (SELECT document_id FROM {SearchGrant._meta.db_table} "  # noqa: S608  # nosec B608
            f"WHERE principal IN ({', '.join(['%s'] * len(principals))}))"
        )
        params += principals
    where = ["(" + " OR ".join(clauses) + ")"]
    dates = []
    if date_from:
        dates.append("date >= %s")
        params.append(date_from)
    if date_to:
        dates.append("date <= %s")
        params.append(date_to)
    if dates:
        where.append(
            f"{id_column} IN (SELECT id FROM {SearchDocument._meta.db_table} "  # noqa: S608  # nosec B608
            f"WHERE {' AND '.join(dates)})"
        )
    return where, params


def _matches_sql(terms: list[text.Term], where: list[str]) -> tuple[str, list[Any]]:
    """SELECT id, kind code, rank of every visible match; the rank sorts ascending on both
    engines (FTS5's bm25 is negative, better is lower)."""
    documents = SearchDocument._meta.db_table
    code = f"id >> {registry.KIND_SHIFT}"
    if connection.vendor == "postgresql":
        return (
            f"SELECT d.id, d.{code} AS code, -ts_rank(d.search_vector, q) AS rank "  # noqa: S608  # nosec B608
            f"FROM {documents} d CROSS JOIN to_tsquery('simple', %s) q "
            f"WHERE d.search_vector @@ q AND {' AND '.join(where)}",
            [text.tsquery(terms)],
        )
    fts = f"{documents}_fts"
    return (
        f"SELECT rowid AS id, rowid >> {registry.KIND_SHIFT} AS code, "  # noqa: S608  # nosec B608
        f"bm25({fts}, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS rank "
        f"FROM {fts} WHERE {fts} MATCH %s AND {' AND '.join(where)}",
        [text.fts5_match(terms)],
    )


def search(
    user: Any,
    query: str,
    *,
    kind: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Results:
    """What `user` may see that matches `query`: one query, none for an empty query."""
    terms = text.parse_query(query)
    results = Results(query=query, terms=terms, page=max(1, page), per_page=per_page)
    id_column = "d.id" if connection.vendor == "postgresql" else "rowid"
    filters = _filters(user, id_column, date_from, date_to)
    if not terms or filters is None:
        return results
    matches, params = _matches_sql(terms, filters[0])
    params += filters[1]
    codes = {v: k for k, v in registry.kinds_by_code().items()}
    page_filter = ""
    if kind:
        page_filter = "WHERE code = %s"
        params.append(codes.get(kind, 0))
    documents = SearchDocument._meta.db_table
    # The match runs once (AS MATERIALIZED: SQLite ≥ 3.35, PostgreSQL ≥ 12) for the facets
    # and the page; only the page's 20 rows are read from the documents table.
    sql = (
        f"WITH m AS MATERIALIZED ({matches}) "  # noqa: S608  # nosec B608
        "SELECT 0, code, COUNT(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
        "FROM m GROUP BY code "
        "UNION ALL SELECT 1, p.code, 0, d.id, d.kind, d.object_id, d.title, d.body, d.url, "
        "d.date, p.rank "
        f"FROM (SELECT id, code, rank FROM m {page_filter} ORDER BY rank, id DESC "
        f"LIMIT %s OFFSET %s) p JOIN {documents} d ON d.id = p.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, per_page, (results.page - 1) * per_page])
        rows = cursor.fetchall()
    kinds = registry.kinds_by_code()
    labels = registry.labels()
    counts = {kinds[row[1]]: row[2] for row in rows if row[0] == 0 and row[1] in kinds}
    results.facets = [(k, labels[k], counts[k]) for k in labels if counts.get(k)]
    results.total = counts.get(kind, 0) if kind else sum(counts.values())
    # A join keeps no order: sort the page again as the page query did.
    page_rows = sorted((row for row in rows if row[0] == 1), key=lambda r: (r[10], -r[3]))
    for row in page_rows:
        _, _, _, _, doc_kind, object_id, title, body, url, date, score = row
        if isinstance(date, str):
            date = dt.date.fromisoformat(date)
        results.hits.append(
            Hit(
                kind=doc_kind,
                kind_label=labels.get(doc_kind, doc_kind),
                object_id=object_id,
                title=snippets.highlight(title, terms),
                url=url,
                date=date,
                snippet=snippets.snippet(body, terms),
                rank=float(score),
            )
        )
    return results


def matching_ids(user: Any, query: str, **filters: Any) -> set[tuple[str, str]]:
    """Every (kind, object_id) the user finds for a query: what the engine-sameness test and
    the permission tests compare."""
    found: set[tuple[str, str]] = set()
    page = 1
    while True:
        results = search(user, query, page=page, per_page=200, **filters)
        found |= {(h.kind, h.object_id) for h in results.hits}
        if page >= results.pages:
            return found
        page += 1
