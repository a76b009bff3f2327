"""The OpenAPI description is valid, and a schema-driven fuzzer finds no server error.

Schemathesis reads /api/v1/openapi.json from the WSGI application and sends generated
requests to every operation with a member's token (the secrétariat: every endpoint open
to it, writes included); every answer must be no 5xx, with a status and a body the
description declares. Examples are bounded so that the run stays short on two cores.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from config.wsgi import application


@pytest.fixture
def api_schema(db):
    # Calls go straight to the WSGI handler, whose request signals would close the test's
    # database connection (PostgreSQL) in the middle of its transaction; Django's own test
    # client detaches close_old_connections the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_openapi_description_is_valid(api_schema):
    api_schema.validate()
    raw = api_schema.raw_schema
    assert raw["openapi"].startswith("3.")
    assert raw["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


@pytest.fixture
def member_token(api_world, token_for):
    return token_for("secretariat")


def test_no_server_error(api_schema, member_token):
    # One test walking the operations (schemathesis' lazy pytest loader does not run
    # under this pytest); each operation gets its own bounded Hypothesis run.
    headers = {"Authorization": f"Bearer {member_token}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20
    statuses: list[int] = []

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=10,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case):
            response = case.call_and_validate(
                headers=headers,
                checks=[not_a_server_error, response_schema_conformance, status_code_conformance],
            )
            statuses.append(response.status_code)

        check()

    # The run reached the endpoints, not only the token check: reads answered, bad input
    # and unknown ids were refused.
    assert len(statuses) >= 10 * len(operations) // 2
    assert {200, 400, 404} <= set(statuses)
