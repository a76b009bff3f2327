"""Pagination and query counts: a page costs the same for 3 rows or 30."""

from __future__ import annotations

import pytest

from hemicycle.filings.tests.factories import FilingFactory


def test_pagination_and_stable_order(api_world, api_for):
    for _ in range(5):
        FilingFactory(report=api_world["report"], author=api_world["councillor"])
    api = api_for("secretariat")
    first = api.get("/api/v1/filings", {"page_size": 3}).json()
    second = api.get("/api/v1/filings", {"page_size": 3, "page": 2}).json()
    assert first["count"] == 7 and first["pages"] == 3 and len(first["items"]) == 3
    ids = [r["id"] for r in first["items"]] + [r["id"] for r in second["items"]]
    assert len(set(ids)) == 6
    assert api.get("/api/v1/filings", {"page_size": 500}).status_code == 400


def test_filing_list_query_count(api_world, api_for, django_assert_max_num_queries):
    api = api_for("secretariat")
    for _ in range(30):
        FilingFactory(report=api_world["report"], author=api_world["councillor"])
    # token lookup, count, page, and the prefetches (authors, shares, co-signatures)
    with django_assert_max_num_queries(9):
        response = api.get("/api/v1/filings", {"page_size": 50})
    assert len(response.json()["items"]) == 32


def test_docs_page_lists_endpoints(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"/api/v1/filings" in response.content
    assert b"<script" not in response.content.split(b"<main")[-1]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/group/councillors",
        "/api/v1/council/groups",
        "/api/v1/council/roster",
        "/api/v1/sittings",
        "/api/v1/sittings/reports",
        "/api/v1/positions/vote-lines",
        "/api/v1/votes/events",
    ],
)
def test_list_query_count_does_not_grow(url, api_world, api_for, django_assert_max_num_queries):
    from hemicycle.council.tests.factories import RosterMemberFactory
    from hemicycle.group.tests.factories import CouncillorFactory
    from hemicycle.sittings.tests.factories import ReportFactory

    api = api_for("secretariat")
    api.get(url)  # the token's first use writes last_used_at
    for _ in range(12):
        CouncillorFactory()
        RosterMemberFactory(term=api_world["term"])
        ReportFactory(sitting__body=api_world["sitting"].body)
    # token lookup, count, page, and at most a few prefetches, whatever the number of rows
    with django_assert_max_num_queries(7):
        response = api.get(url)
    assert response.status_code == 200
    assert response.json()["count"] >= 1
