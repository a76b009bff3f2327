"""Load test: concurrent logged-in users on the main pages of a server on this machine.

    python bench/load.py --url http://127.0.0.1:8000 --users 50 --duration 60

Bounded and loopback only: the URL must name 127.0.0.1 (or another loopback address, or
localhost), at most 200 users for at most 600 s; any other host is refused. The server is
any Hémicycle holding the demo data (`seed_demo`), e.g. served by gunicorn:

    HEMICYCLE_DEMO=1 .venv/bin/gunicorn config.wsgi -b 127.0.0.1:8000 -w 4

Each virtual user (one thread) logs in once through the login form, with the demo accounts
given by --accounts in turn (default: secretariat), then requests the main pages one after
the other, round and round, until the duration is over: dashboard, séances, one séance,
rapports, one rapport, dépôts, votes analysis, élu·es. The séance and the rapport are
found in the pages themselves (the first links of their lists), not in the database.
Logins happen before the clock starts and are not counted in the figures.

Reports the requests, throughput (req/s), median and p95 latency per page and overall, and
the errors: an exception (refused, timed out…), a status of 400 or more, or any answer
other than 200 (a redirect here means the session was lost). Results go to
bench/results/load.json (--output to change); the exit status is 1 if there was any error.
Standard library only: urllib for the URL, http.client for requests, threads for users.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import ipaddress
import json
import math
import os
import platform
import re
import statistics
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPException
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "load.json"
MAX_USERS, MAX_DURATION = 200, 600
LOGIN_PATH = "/compte/connexion/"
DEMO_PASSWORD = "hemicycle-demo"  # noqa: S105 - the public password of the demo accounts

# name → path, or (list page, pattern of the links to its items) for the pages found by id.
FIXED_PAGES = {
    "dashboard": "/",
    "sittings": "/seances/",
    "reports": "/seances/rapports/",
    "filings": "/depots/",
    "votes_analysis": "/votes/analyse/",
    "councillors": "/groupe/elus/",
}
FOUND_PAGES = {
    "sitting": ("/seances/", r'href="(/seances/\d+/)"'),
    "report": ("/seances/rapports/", r'href="(/seances/rapports/\d+/)"'),
}
ORDER = [
    "dashboard",
    "sittings",
    "sitting",
    "reports",
    "report",
    "filings",
    "votes_analysis",
    "councillors",
]


class Refused(Exception):
    """The target is not on this machine, or the run is not bounded."""


def check_target(url: str) -> tuple[str, int]:
    """The host and port of a loopback http URL; Refused for anything else."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http":
        raise Refused(f"only plain http on this machine is allowed, not {parts.scheme!r}")
    host = parts.hostname or ""
    if host != "localhost":
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise Refused(f"{host!r} is not a loopback address: the load test stays on 127.0.0.1")
    if parts.path not in ("", "/") or parts.query:
        raise Refused("give the server's root URL, e.g. http://127.0.0.1:8000")
    return host, parts.port or 80


@dataclass
class Answer:
    status: int
    location: str
    text: str


@dataclass
class Client:
    """One virtual user: its own cookies, one connection per request (gunicorn's sync
    workers close the connection after each answer anyway)."""

    host: str
    port: int
    timeout: float
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Answer:
        headers = {"Accept-Language": "fr", "User-Agent": "hemicycle-bench-load"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            origin = f"http://{self.host}:{self.port}"
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": origin,
                    "Referer": origin + path,
                }
            )
        conn = HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            for value in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(value)
                for key, morsel in jar.items():
                    self.cookies[key] = morsel.value
            return Answer(response.status, response.headers.get("Location", ""), text)
        finally:
            conn.close()

    def login(self, username: str, password: str) -> None:
        page = self.request("GET", LOGIN_PATH)
        if page.status != 200:
            raise RuntimeError(f"login page answered {page.status}")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if not token:
            raise RuntimeError("no CSRF token on the login page")
        answer = self.request(
            "POST",
            LOGIN_PATH,
            {
                "csrfmiddlewaretoken": html.unescape(token.group(1)),
                "username": username,
                "password": password,
            },
        )
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(
                f"login as {username!r} failed ({answer.status}): is this the demo, "
                "served with HEMICYCLE_DEMO=1 (no second factor) and SECURE_COOKIES off?"
            )


def discover(client: Client) -> dict[str, str]:
    """The path of every page of the round, the items' ones read from their list pages."""
    pages = dict(FIXED_PAGES)
    for name, (list_path, pattern) in FOUND_PAGES.items():
        answer = client.request("GET", list_path)
        found = re.search(pattern, answer.text) if answer.status == 200 else None
        if not found:
            raise RuntimeError(
                f"no link matching {pattern} on {list_path} ({answer.status}): "
                "does the server hold the demo data?"
            )
        pages[name] = found.group(1)
    return {name: pages[name] for name in ORDER}


@dataclass
class Sample:
    page: str
    seconds: float
    ok: bool
    detail: str = ""


def user_loop(
    client: Client,
    pages: dict[str, str],
    offset: int,
    start: threading.Event,
    stop_at: list[float],
    samples: list[Sample],
) -> None:
    names = list(pages)
    start.wait()
    i = offset
    while time.monotonic() < stop_at[0]:
        name = names[i % len(names)]
        i += 1
        began = time.perf_counter()
        try:
            answer = client.request("GET", pages[name])
            ok = answer.status == 200
            detail = "" if ok else f"{answer.status} {answer.location}".strip()
        except Exception as error:  # refused, reset, timed out, malformed: all errors
            ok, detail = False, f"{type(error).__name__}: {error}"
        samples.append(Sample(name, time.perf_counter() - began, ok, detail))


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def summarise(samples: list[Sample], elapsed: float) -> dict[str, Any]:
    times = sorted(s.seconds for s in samples)
    errors = [s for s in samples if not s.ok]
    return {
        "requests": len(samples),
        "errors": len(errors),
        "throughput_rps": round(len(samples) / elapsed, 1) if elapsed else 0.0,
        "median_ms": round(statistics.median(times) * 1000, 1) if times else 0.0,
        "p95_ms": round(percentile(times, 0.95) * 1000, 1),
        "max_ms": round(times[-1] * 1000, 1) if times else 0.0,
    }


def run(args: argparse.Namespace) -> int:
    host, port = check_target(args.url)
    if not 1 <= args.users <= MAX_USERS:
        raise Refused(f"--users must be between 1 and {MAX_USERS}")
    if not 1 <= args.duration <= MAX_DURATION:
        raise Refused(f"--duration must be between 1 and {MAX_DURATION} seconds")
    accounts = [a.strip() for a in args.accounts.split(",") if a.strip()]
    if not accounts:
        raise Refused("--accounts names no account")

    first = Client(host, port, args.timeout)
    first.login(accounts[0], args.password)
    pages = discover(first)
    print(f"Pages of the round: {', '.join(f'{n} {p}' for n, p in pages.items())}")

    print(f"Logging {args.users} users in ({', '.join(accounts)})…", flush=True)
    clients = [first] + [Client(host, port, args.timeout) for _ in range(args.users - 1)]
    login_errors: list[str] = []
    login_lock = threading.Lock()

    def log_in(n: int, client: Client) -> None:
        try:
            client.login(accounts[n % len(accounts)], args.password)
        except (OSError, HTTPException, RuntimeError) as error:
            with login_lock:
                login_errors.append(f"user {n}: {error}")

    login_started = time.monotonic()
    threads = [threading.Thread(target=log_in, args=(n, c)) for n, c in enumerate(clients) if n > 0]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    login_seconds = time.monotonic() - login_started
    if login_errors:
        print("Logins failed:\n  " + "\n  ".join(login_errors[:10]), file=sys.stderr)
        return 1

    print(f"Running {args.users} users for {args.duration} s against {args.url}…", flush=True)
    start = threading.Event()
    stop_at = [0.0]
    per_user: list[list[Sample]] = [[] for _ in clients]
    threads = [
        threading.Thread(target=user_loop, args=(c, pages, n, start, stop_at, per_user[n]))
        for n, c in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    began = time.monotonic()
    stop_at[0] = began + args.duration
    start.set()
    for thread in threads:
        thread.join()
    # Requests in flight at the deadline finish and count: divide by the real span.
    elapsed = time.monotonic() - began
    samples = [s for user in per_user for s in user]

    by_page = {name: summarise([s for s in samples if s.page == name], elapsed) for name in pages}
    overall = summarise(samples, elapsed)
    error_kinds: dict[str, int] = {}
    for s in samples:
        if not s.ok:
            key = f"{s.page}: {s.detail}"
            error_kinds[key] = error_kinds.get(key, 0) + 1

    print(f"\n{'page':<16}{'requests':>9}{'errors':>8}{'req/s':>8}{'median ms':>11}{'p95 ms':>9}")
    for name, row in [*by_page.items(), ("overall", overall)]:
        print(
            f"{name:<16}{row['requests']:>9}{row['errors']:>8}{row['throughput_rps']:>8}"
            f"{row['median_ms']:>11}{row['p95_ms']:>9}"
        )
    for kind, count in sorted(error_kinds.items(), key=lambda kv: -kv[1])[:10]:
        print(f"error ×{count}: {kind}", file=sys.stderr)

    result = {
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": "python bench/load.py " + " ".join(sys.argv[1:]),
        "url": args.url,
        "users": args.users,
        "duration_s": args.duration,
        "elapsed_s": round(elapsed, 2),
        "accounts": accounts,
        "login_s": round(login_seconds, 2),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "note": "client and server share this machine's CPUs",
        },
        "server": args.server_note,
        "pages": pages,
        "overall": overall,
        "by_page": by_page,
        "error_kinds": error_kinds,
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(f"\nWritten {output}")
    if overall["errors"]:
        print(f"FAILED: {overall['errors']} error(s) out of {overall['requests']}", file=sys.stderr)
        return 1
    print(f"OK: {overall['requests']} requests, no error.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="loopback only")
    parser.add_argument("--users", type=int, default=50, help=f"at most {MAX_USERS}")
    parser.add_argument("--duration", type=float, default=60, help=f"seconds, ≤ {MAX_DURATION}")
    parser.add_argument(
        "--accounts", default="secretariat", help="demo accounts, comma-separated, in turn"
    )
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument("--timeout", type=float, default=30, help="seconds per request")
    parser.add_argument("--output", default=str(RESULTS))
    parser.add_argument(
        "--server-note", default="", help="how the server was run, copied into the results"
    )
    args = parser.parse_args(argv)
    try:
        return run(args)
    except Refused as refusal:
        print(f"Refused: {refusal}", file=sys.stderr)
        return 2
    except RuntimeError as error:
        print(f"Could not start: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
