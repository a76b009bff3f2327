"""Structured logs (LOG_FORMAT=json) and the request id on responses and log records."""

import json
import logging
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory

from hemicycle.core.logging import (
    JsonFormatter,
    RequestIdFilter,
    current_request_id,
    request_id_var,
)
from hemicycle.core.middleware import RequestIdMiddleware

ROOT = Path(__file__).resolve().parents[3]


def _record(message="message", *args, exc_info=None, name="hemicycle.test", level=logging.INFO):
    return logging.LogRecord(name, level, __file__, 1, message, args, exc_info)


# --- the JSON formatter ------------------------------------------------------------------


def test_one_json_object_per_line():
    line = JsonFormatter().format(_record("Séance %s\nouverte", 12))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "INFO"
    assert entry["logger"] == "hemicycle.test"
    assert entry["message"] == "Séance 12\nouverte"
    assert entry["request_id"] is None
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["timestamp"])
    assert "exc_info" not in entry


def test_an_exception_is_one_string_in_the_same_line():
    try:
        raise ValueError("boom")
    except ValueError:
        line = JsonFormatter().format(_record("failed", exc_info=sys.exc_info()))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["exc_info"].startswith("Traceback")
    assert "ValueError: boom" in entry["exc_info"]


def test_the_request_id_of_the_running_request_is_on_the_line():
    token = request_id_var.set("req-42")
    try:
        record = _record()
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    assert record.request_id == "req-42"
    assert json.loads(JsonFormatter().format(record))["request_id"] == "req-42"


def test_gunicorn_access_lines_carry_their_http_fields_and_request_id():
    atoms = {
        "h": "10.0.0.1",
        "m": "GET",
        "U": "/sante/",
        "q": "",
        "s": "200",
        "B": 49,
        "M": 3,
        "a": "curl",
        "{x-request-id}o": "abc-123",
    }
    record = _record('%(h)s "%(m)s %(U)s" %(s)s', atoms, name="gunicorn.access")
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == '10.0.0.1 "GET /sante/" 200'
    assert entry["request_id"] == "abc-123"
    assert entry["http"]["path"] == "/sante/"
    assert entry["http"]["status"] == "200"
    assert entry["http"]["duration_ms"] == 3


def test_calendar_feed_tokens_never_reach_the_logs():
    token = "AbC-123_" * 5
    atoms = {"h": "10.0.0.1", "m": "GET", "U": f"/agenda/flux/{token}.ics", "s": "200"}
    access = _record('%(h)s "%(m)s %(U)s" %(s)s', atoms, name="gunicorn.access")
    not_found = _record("Not Found: %s", f"/agenda/flux/{token}.ics", name="django.request")
    for record in (access, not_found):
        line = JsonFormatter().format(record)
        assert token not in line
        assert "/agenda/flux/….ics" in json.loads(line)["message"]
    assert json.loads(JsonFormatter().format(access))["http"]["path"] == "/agenda/flux/….ics"


# --- the request-id middleware -----------------------------------------------------------


def _run(headers=None):
    seen = {}

    def view(request):
        seen["var"] = current_request_id()
        seen["attr"] = request.request_id
        record = _record()
        RequestIdFilter().filter(record)
        seen["record"] = record.request_id
        return HttpResponse("ok")

    request = RequestFactory().get("/", headers=headers or {})
    response = RequestIdMiddleware(view)(request)
    return response, seen


def test_a_request_id_is_generated_when_the_proxy_sends_none():
    response, seen = _run()
    generated = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    assert seen == {"var": generated, "attr": generated, "record": generated}
    # Nothing stays behind for the next request served by this worker.
    assert current_request_id() is None


def test_the_proxy_request_id_is_kept():
    response, seen = _run({"X-Request-ID": "5f0c-ab.12:x_y"})
    assert response["X-Request-ID"] == "5f0c-ab.12:x_y"
    assert seen["record"] == "5f0c-ab.12:x_y"


@pytest.mark.parametrize("forged", ['x" "level": "CRITICAL', "a\tb", "x" * 129, "é"])
def test_a_forged_request_id_is_replaced(forged):
    response, _ = _run({"X-Request-ID": forged})
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_every_response_of_the_site_carries_a_request_id(client, db):
    response = client.get("/")  # a redirect to the login page
    assert response.status_code == 302
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


# --- LOG_FORMAT in the settings ----------------------------------------------------------


def _django_logs(log_format: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('hemicycle.probe').warning('sonde %s', 1)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "HEMICYCLE_INSTANCE_DIR": str(tmp_path),
        "LOG_FORMAT": log_format,
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_log_format_json_switches_the_root_handler(tmp_path):
    result = _django_logs("json", tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line]
    probe = [entry for entry in lines if entry["logger"] == "hemicycle.probe"]
    assert probe == [
        {
            "timestamp": probe[0]["timestamp"],
            "level": "WARNING",
            "logger": "hemicycle.probe",
            "message": "sonde 1",
            "request_id": None,
        }
    ]


def _settings(monkeypatch, tmp_path, **env):
    monkeypatch.setenv("HEMICYCLE_INSTANCE_DIR", str(tmp_path))
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "config" / "settings.py"))


def test_log_format_text_is_the_default(monkeypatch, tmp_path):
    logging_config = _settings(monkeypatch, tmp_path)["LOGGING"]
    assert logging_config["handlers"]["console"]["formatter"] == "text"
    assert logging_config["formatters"]["text"] == {
        "format": "%(asctime)s %(levelname)s %(name)s %(message)s"
    }


def test_an_unknown_log_format_is_refused(monkeypatch, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        _settings(monkeypatch, tmp_path, LOG_FORMAT="xml")


def test_the_cache_is_redis_when_redis_is_configured(monkeypatch, tmp_path):
    local = _settings(monkeypatch, tmp_path)
    assert local["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    shared = _settings(monkeypatch, tmp_path, REDIS_URL="redis://cache.internal:6379/0")
    backend = shared["CACHES"]["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.redis.RedisCache"
    assert shared["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6379/0"
    assert shared["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
