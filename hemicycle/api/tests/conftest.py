from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hemicycle.api import services


class ApiClient:
    """A test client that sends a persona's token, or none (anonymous)."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, data: dict[str, Any] | None = None) -> Any:
        return self.client.get(path, data, headers=self.headers)

    def post(self, path: str, data: dict[str, Any] | None = None) -> Any:
        return self.client.post(
            path, data or {}, content_type="application/json", headers=self.headers
        )

    def put(self, path: str, data: dict[str, Any] | None = None) -> Any:
        return self.client.put(
            path, data or {}, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def token_for(personas) -> Callable[[str], str]:
    def make(name: str) -> str:
        user = personas[name]
        _, raw = services.create_token(owner=user, name="test", expires_on=None, acting_user=user)
        return raw

    return make


@pytest.fixture
def api_for(token_for) -> Callable[[str], ApiClient]:
    def make(name: str) -> ApiClient:
        return ApiClient(None if name == "anonymous" else token_for(name))

    return make


@pytest.fixture
def api_world(world, personas):
    """A séance to come with a rapport, a shared filed filing, a draft and a scrutin."""
    from hemicycle.filings.models import Filing, FilingShare
    from hemicycle.filings.tests.factories import FilingFactory
    from hemicycle.positions.models import VoteLine
    from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory
    from hemicycle.votes.models import VoteEvent

    sitting = SittingFactory(body__term=world["term"])
    report = ReportFactory(sitting=sitting)
    shared = FilingFactory(
        report=report,
        author=world["councillor"],
        status=Filing.Status.FILED,
        registration_number="2026-A-001",
    )
    FilingShare.objects.create(filing=shared, council_group=world["ally"])
    draft = FilingFactory(report=report, author=world["councillor"])
    VoteLine.objects.create(report=report, position="pour", rationale="interne")
    event = VoteEvent.objects.create(sitting=sitting, report=report, title="Scrutin")
    return {
        **world,
        "sitting": sitting,
        "report": report,
        "shared": shared,
        "draft": draft,
        "event": event,
    }
