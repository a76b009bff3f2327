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


def _visibility(user: Any) -> tuple[str, list[Any]] | None:
    audiences = audiences_for(user)
    principals = principals_for(user)
    if not audiences and not principals:
        return None
    clauses, params = [], []
    if audiences:
        clauses.append(f"d.audience IN ({', '.join(['%s'] * len(audiences))})")
        params += audiences
    if principals:
        clauses.append(
            f"EXISTS (SELECT 1 FROM {SearchGrant._meta.db_table} g WHERE g.document_id = d.id "  # noqa: S608  # nosec B608
            f"AND g.principal IN ({', '.join(['%s'] * len(principals))}))"
        )
        params += principals
    return "(" + " OR ".join(clauses) + ")", params


def match_sql(terms: list[text.Term]) -> tuple[str, str, str, list[Any]]:
    """(FROM clause, match condition, rank expression, params) for the active engine.

    The rank sorts ascending on both engines (FTS5's bm25 is negative, better is lower).
    """
    documents = SearchDocument._meta.db_table
    if connection.vendor == "postgresql":
        return (
            f"{documents} d CROSS JOIN to_tsquery('simple', %s) q",
            "d.search_vector @@ q",
            "-ts_rank(d.search_vector, q)",
            [text.tsquery(terms)],
        )
    fts = f"{documents}_fts"
    return (
        f"{fts} JOIN {documents} d ON d.id = {fts}.rowid",
        f"{fts} MATCH %s",
        f"bm25({fts}, {TITLE_WEIGHT}, {BODY_WEIGHT})",
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
    visibility = _visibility(user)
    if not terms or visibility is None:
        return results
    source, condition, rank, params = match_sql(terms)
    where = [condition, visibility[0]]
    params += visibility[1]
    if date_from:
        where.append("d.date >= %s")
        params.append(date_from)
    if date_to:
        where.append("d.date <= %s")
        params.append(date_to)
    page_filter = ""
    page_params: list[Any] = []
    if kind:
        page_filter = "WHERE m.kind = %s"
        page_params.append(kind)
    offset = (results.page - 1) * per_page
    documents = SearchDocument._meta.db_table
    # Both engines accept AS MATERIALIZED (SQLite ≥ 3.35, PostgreSQL ≥ 12): the match runs
    # once for the facets and the page.
    sql = (
        # Table names from the models and fixed fragments; every value is a parameter.
        f"WITH m AS MATERIALIZED (SELECT d.id, d.kind, d.date, {rank} AS rank "  # noqa: S608  # nosec B608
        f"FROM {source} WHERE {' AND '.join(where)}) "
        "SELECT 0, m.kind, COUNT(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL "
        "FROM m GROUP BY m.kind "
        "UNION ALL SELECT * FROM (SELECT 1, d.kind, 0, d.id, d.object_id, d.title, d.body, "
        f"d.url, d.date, m.rank FROM m JOIN {documents} d ON d.id = m.id {page_filter} "
        "ORDER BY m.rank, m.date DESC NULLS LAST, m.id DESC LIMIT %s OFFSET %s) page"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *page_params, per_page, offset])
        rows = cursor.fetchall()
    labels = registry.labels()
    counts = {row[1]: row[2] for row in rows if row[0] == 0}
    results.facets = [(k, labels[k], counts[k]) for k in labels if counts.get(k)]
    results.total = counts.get(kind, 0) if kind else sum(counts.values())
    for row in rows:
        if row[0] != 1:
            continue
        _, doc_kind, _, _, object_id, title, body, url, date, score = row
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
