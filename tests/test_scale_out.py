"""Proof that Hémicycle scales out: two web servers and two job consumers, one database.

What runs here is production-shaped, not pytest-django's test database: the test creates
its own PostgreSQL database (hemicycle_scaleout_<random>), migrates it and builds the demo
in it with `manage.py` in subprocesses, then starts, all on 127.0.0.1:

- two web servers (gunicorn with 2 workers each when it is installed, else
  `manage.py runserver --noreload`), sharing the database, the secret key and nothing else;
- two job consumers (`manage.py run_huey -w 2`) on one Redis queue, in Redis database
  number 13 (flushed before and after; the suite's other tests never use Redis).

Then it shows that a session opened on server A is valid on server B, that a party created
through a form on A is listed by B, that a séance page whose content A and B keep in the
cache shows at once a change made by a third process, and that 40 `record_ping` jobs enqueued through Redis
each ran exactly once (one audit row per token), shared between both consumers.

It runs only when DATABASE_URL points to PostgreSQL and Redis answers on 127.0.0.1:6379;
otherwise it is skipped, unless HEMICYCLE_REQUIRE_SCALE_OUT=1 (set by .ci/run for its
PostgreSQL phase), which turns a missing service into a failure.
"""

from __future__ import annotations

import collections
import contextlib
import fcntl
import html
import importlib.util
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

pytestmark = pytest.mark.scale_out

REPO_DIR = Path(__file__).resolve().parents[1]
MANAGE = str(REPO_DIR / "manage.py")
REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 13
DEMO_USER, DEMO_PASSWORD = "secretariat", "hemicycle-demo"
JOBS = 40
LOGIN_PATH = "/compte/connexion/"
# A consumer logs this line (huey's logger, level INFO) for each job it starts.
EXECUTING = "Executing hemicycle.core.tasks.record_ping:"


# ---------------------------------------------------------------- preconditions


def _required() -> bool:
    return os.environ.get("HEMICYCLE_REQUIRE_SCALE_OUT", "").lower() in {"1", "true", "yes"}


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.split(":", 1)[0] in {"postgres", "postgresql", "pgsql"} else None


def _redis(*commands: list[str], timeout: float = 2.0) -> list[bytes]:
    """Send commands to Redis on 127.0.0.1 in its own protocol; one raw reply per command.

    The test process needs no Redis client library for SELECT, FLUSHDB and CLIENT LIST.
    """
    payload = b""
    for command in commands:
        payload += f"*{len(command)}\r\n".encode()
        for arg in command:
            raw = arg.encode()
            payload += b"$%d\r\n%s\r\n" % (len(raw), raw)
    with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=timeout) as sock:
        sock.sendall(payload)
        reader = sock.makefile("rb")
        return [_redis_reply(reader) for _ in commands]


def _redis_reply(reader) -> bytes:
    line = reader.readline()
    kind, rest = line[:1], line[1:-2]
    if kind in (b"+", b":"):
        return rest
    if kind == b"-":
        raise RuntimeError(f"Redis error: {rest.decode()}")
    if kind == b"$":
        size = int(rest)
        return b"" if size < 0 else reader.read(size + 2)[:-2]
    raise RuntimeError(f"unexpected Redis reply {line!r}")


def _flush_redis_db() -> None:
    _redis(["SELECT", str(REDIS_DB)], ["FLUSHDB"])


def _missing_services() -> str | None:
    """Why the test cannot run here, or None."""
    url = _postgres_url()
    if url is None:
        return (
            "DATABASE_URL does not point to PostgreSQL (e.g. postgres://postgres@127.0.0.1:5432/x)"
        )
    try:
        import psycopg

        with psycopg.connect(_maintenance_dsn(url), connect_timeout=3):
            pass
    except Exception as error:
        return f"PostgreSQL does not answer at {_redact(url)}: {error}"
    try:
        pong = _redis(["PING"])[0]
    except OSError as error:
        return f"Redis does not answer on {REDIS_HOST}:{REDIS_PORT}: {error}"
    if pong != b"PONG":
        return f"Redis on {REDIS_HOST}:{REDIS_PORT} answered {pong!r} to PING"
    # RedisHuey, in the consumers and the web servers, needs the Python client.
    if importlib.util.find_spec("redis") is None:
        return "the Python package `redis` (Huey's Redis client) is not installed in the venv"
    return None


def _redact(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


def _database_url(base_url: str, name: str) -> str:
    return urllib.parse.urlsplit(base_url)._replace(path=f"/{name}").geturl()


def _maintenance_dsn(base_url: str) -> str:
    """The same server, its `postgres` database: where CREATE and DROP DATABASE are run."""
    return _database_url(base_url, "postgres").replace("pgsql://", "postgresql://", 1)


# ---------------------------------------------------------------- processes


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return f"--- last lines of {self.name} ({self.log}):\n" + "\n".join(
            text.splitlines()[-lines:]
        )

    def stop(self) -> None:
        if self.popen.poll() is not None:
            return
        # Each process leads its own session (start_new_session): this reaches gunicorn's
        # workers too, and only the processes this test started.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=5)


@dataclass
class Cluster:
    env: dict[str, str]
    workdir: Path
    db_url: str
    procs: list[Proc] = field(default_factory=list)

    def run(self, name: str, *args: str, timeout: float = 120, **env: str) -> str:
        log = self.workdir / f"{name}.log"
        result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
            [sys.executable, MANAGE, *args],
            cwd=REPO_DIR,
            env={**self.env, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            check=False,
        )
        output = result.stdout.decode(errors="replace")
        log.write_text(output)
        if result.returncode != 0:
            pytest.fail(f"`manage.py {' '.join(args)}` failed:\n{output[-3000:]}", pytrace=False)
        return output

    def start(self, name: str, argv: list[str]) -> Proc:
        log = self.workdir / f"{name}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(  # noqa: S603 - our own commands, fixed arguments
                argv,
                cwd=REPO_DIR,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        proc = Proc(name, popen, log)
        self.procs.append(proc)
        return proc

    def tails(self) -> str:
        return "\n".join(proc.tail() for proc in self.procs)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _web_server(cluster: Cluster, name: str) -> tuple[Proc, str]:
    """Start a web server on a free port and wait until it answers.

    The port is free when chosen, but another program may take it before the server binds
    it: then the server exits, and it is started again on another port.
    """
    for attempt in range(3):
        port = _free_port()
        if importlib.util.find_spec("gunicorn") is not None:
            argv = [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "2",
                "--graceful-timeout",
                "5",
                # Django loaded once, then forked: a faster start on a small CI machine.
                "--preload",
            ]
        else:
            argv = [sys.executable, MANAGE, "runserver", "--noreload", f"127.0.0.1:{port}"]
        proc = cluster.start(f"{name}-{attempt}" if attempt else name, argv)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.popen.poll() is None:
            with contextlib.suppress(OSError):
                if _is_up(url):
                    return proc, url
            time.sleep(0.2)
        log = proc.log.read_text(errors="replace")
        if proc.popen.poll() is None or "in use" not in log:
            break
        cluster.procs.remove(proc)
    pytest.fail(f"web server {name} did not start\n{proc.tail()}", pytrace=False)


def _wait_until(what: str, check, cluster: Cluster, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in cluster.procs:
            if proc.popen.poll() is not None:
                pytest.fail(
                    f"{proc.name} exited ({proc.popen.returncode}) while waiting for {what}\n"
                    + proc.tail(),
                    pytrace=False,
                )
        with contextlib.suppress(OSError):
            if check():
                return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}\n{cluster.tails()}", pytrace=False)


# ---------------------------------------------------------------- a tiny browser


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str


@dataclass
class Browser:
    """Cookies kept by hand, so that one session can be carried from server A to server B."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, base: str, method: str, path: str, form: dict[str, str] | None = None
    ) -> Response:
        parts = urllib.parse.urlsplit(base)
        conn = HTTPConnection(parts.hostname, parts.port, timeout=20)
        headers = {"Accept-Language": "fr"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = base
            headers["Referer"] = base + path
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            text = raw.read().decode("utf-8", errors="replace")
            for value in raw.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(value)
                for key, morsel in jar.items():
                    self.cookies[key] = morsel.value
            return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, text)
        finally:
            conn.close()

    def get(self, base: str, path: str) -> Response:
        return self.request(base, "GET", path)

    def post(self, base: str, path: str, form: dict[str, str]) -> Response:
        return self.request(base, "POST", path, form)


def _csrf_token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, "no CSRF token in the page"
    return html.unescape(found.group(1))


def _is_up(base: str) -> bool:
    return Browser().get(base, LOGIN_PATH).status == 200


# ---------------------------------------------------------------- the fixture


@contextlib.contextmanager
def _one_run_at_a_time(timeout: float = 240) -> Iterator[None]:
    """Hold a lock file while the test runs: Redis database 13 is flushed at the start and
    the end, so two runs on one machine (two checkouts, a developer and a CI clone) wait for
    each other instead of wiping each other's queue."""
    path = Path(tempfile.gettempdir()) / "hemicycle-scale-out.lock"
    with path.open("a") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    pytest.fail(f"another scale-out run held {path} for {timeout:.0f} s")
                time.sleep(0.5)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    reason = _missing_services()
    if reason:
        if _required():
            pytest.fail(f"HEMICYCLE_REQUIRE_SCALE_OUT is set but {reason}", pytrace=False)
        pytest.skip(f"scale-out test skipped: {reason}")
    with _one_run_at_a_time():
        yield from _cluster(tmp_path)


# Settings of the developer's or CI's environment that would change what is tested here.
IGNORED_ENV = {
    "DEBUG",
    "HUEY_IMMEDIATE",
    "HEMICYCLE_REQUIRE_2FA",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "BEHIND_PROXY",
    "ALLOWED_HOSTS",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "EMAIL_BACKEND",
}


def _cluster(tmp_path: Path) -> Iterator[Cluster]:
    import psycopg

    base_url = _postgres_url()
    assert base_url
    name = f"hemicycle_scaleout_{secrets.token_hex(4)}"
    db_url = _database_url(base_url, name)
    instance = tmp_path / "instance"
    instance.mkdir()
    # Like production: no pytest markers in the environment (settings would turn on
    # immediate jobs and switch off 2FA and the lock-out), no DEBUG. Demo mode lets the demo
    # accounts log in without a second factor; plain HTTP needs non-secure cookies.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PYTEST_") and key not in IGNORED_ENV
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=db_url,
        DB_CONN_MAX_AGE="0",
        REDIS_URL=f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}",
        HUEY_IMMEDIATE="0",
        HEMICYCLE_DEMO="1",
        SECURE_COOKIES="0",
        # One key for both servers, or a session signed by A would be refused by B.
        SECRET_KEY=secrets.token_urlsafe(50),
        HEMICYCLE_INSTANCE_DIR=str(instance),
        LOG_LEVEL="INFO",
        LOG_FORMAT="text",
        PYTHONUNBUFFERED="1",
    )
    cluster = Cluster(env=env, workdir=tmp_path, db_url=db_url)
    with psycopg.connect(_maintenance_dsn(base_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        _flush_redis_db()
        cluster.run("migrate", "migrate", "--noinput", "-v0", LOG_LEVEL="WARNING")
        # The demo's own notification e-mails run at once (to the console), not through the
        # queue the test is about to count.
        cluster.run("seed_demo", "seed_demo", "-v0", LOG_LEVEL="WARNING", HUEY_IMMEDIATE="1")
        yield cluster
    finally:
        for proc in cluster.procs:
            proc.stop()
        with contextlib.suppress(OSError):
            _flush_redis_db()
        with psycopg.connect(_maintenance_dsn(base_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---------------------------------------------------------------- the test


# Redis commands a Huey worker blocks on while it waits for a job (plain or priority queue).
BLOCKING_POPS = {"brpop", "blpop", "bzpopmin", "bzpopmax", "blmove", "brpoplpush"}


def _blocked_consumers() -> int:
    """Worker threads waiting on the queue in our Redis database."""
    clients = _redis(["CLIENT", "LIST"])[0].decode()
    count = 0
    for line in clients.splitlines():
        fields = dict(item.split("=", 1) for item in line.split() if "=" in item)
        if fields.get("db") == str(REDIS_DB) and fields.get("cmd") in BLOCKING_POPS:
            count += 1
    return count


def _ping_notes(db_url: str) -> list[str]:
    import psycopg

    with psycopg.connect(db_url.replace("pgsql://", "postgresql://", 1)) as conn:
        rows = conn.execute(
            "SELECT note FROM core_auditentry WHERE action = %s", ["core.ping"]
        ).fetchall()
    return [row[0] for row in rows]


def _a_report(db_url: str) -> tuple[int, int]:
    import psycopg

    with psycopg.connect(db_url.replace("pgsql://", "postgresql://", 1)) as conn:
        row = conn.execute(
            "SELECT sitting_id, id FROM sittings_report ORDER BY id LIMIT 1"
        ).fetchone()
    assert row, "the demo has no rapport"
    return row[0], row[1]


def test_two_servers_two_consumers_share_data_sessions_and_jobs(cluster: Cluster) -> None:
    started = time.monotonic()
    consumers = [
        cluster.start(f"consumer-{n}", [sys.executable, MANAGE, "run_huey", "-w", "2"])
        for n in (1, 2)
    ]
    server_a, url_a = _web_server(cluster, "web-a")
    server_b, url_b = _web_server(cluster, "web-b")
    # 2 consumers x 2 worker threads, each blocked on the queue: both consumers are ready.
    _wait_until("both consumers", lambda: _blocked_consumers() >= 4, cluster)

    # Sessions: log in on A, then use the same cookie on B.
    browser = Browser()
    login_page = browser.get(url_a, LOGIN_PATH)
    assert login_page.status == 200
    answer = browser.post(
        url_a,
        LOGIN_PATH,
        {
            "csrfmiddlewaretoken": _csrf_token(login_page.text),
            "username": DEMO_USER,
            "password": DEMO_PASSWORD,
        },
    )
    assert answer.status == 302, f"login on A answered {answer.status}\n{answer.text[:2000]}"
    assert "sessionid" in browser.cookies
    on_b = browser.get(url_b, "/")
    assert on_b.status == 200, f"B refused A's session: {on_b.status} {on_b.headers}"
    assert "Lucie Marchand" in on_b.text  # the secretariat's name, in the account menu
    # Without the cookie, B sends the visitor to the login page.
    assert Browser().get(url_b, "/").status == 302

    # Data: a party created through the form on A (opened on B) is listed by B.
    suffix = secrets.token_hex(3).upper()
    form_page = browser.get(url_b, "/groupe/partis/nouveau/")
    assert form_page.status == 200
    created = browser.post(
        url_a,
        "/groupe/partis/nouveau/",
        {
            "csrfmiddlewaretoken": _csrf_token(form_page.text),
            "name": f"Parti de l’essai {suffix}",
            "short_name": f"PE{suffix}",
            "colour": "#2a7d3b",
            "version": "",
        },
    )
    assert created.status == 302, f"creating a party on A: {created.status}\n{created.text[:2000]}"
    group_on_b = browser.get(url_b, "/groupe/")
    assert group_on_b.status == 200
    assert f"Parti de l’essai {suffix} (PE{suffix})" in group_on_b.text

    # Cached content (decision 0022): a séance page stored by A and served again by B is
    # rebuilt on both after a write made by a third process, as a job or a command would.
    sitting_id, report_id = _a_report(cluster.db_url)
    sitting_path = f"/seances/{sitting_id}/"
    new_title = f"Intitulé corrigé par un autre processus {suffix}"
    for url in (url_a, url_b):
        before = browser.get(url, sitting_path)
        assert before.status == 200 and new_title not in before.text
    cluster.run(
        "retitle",
        "shell",
        "-c",
        "import os\n"
        "from hemicycle.sittings.models import Report\n"
        "Report.objects.filter(pk=int(os.environ['SCALE_OUT_REPORT'])).update(\n"
        "    title=os.environ['SCALE_OUT_TITLE'])\n",
        SCALE_OUT_REPORT=str(report_id),
        SCALE_OUT_TITLE=new_title,
        LOG_LEVEL="WARNING",
    )
    for url in (url_b, url_a):
        assert new_title in browser.get(url, sitting_path).text, f"stale séance page on {url}"

    # Jobs: 40 pings enqueued through Redis, each run exactly once by one of the consumers.
    tokens = [f"ping-{suffix}-{n:02d}-{secrets.token_hex(4)}" for n in range(JOBS)]
    cluster.run(
        "enqueue",
        "shell",
        "-c",
        "import os\n"
        "from hemicycle.core.tasks import record_ping\n"
        "for token in os.environ['SCALE_OUT_TOKENS'].split():\n"
        "    record_ping(token)\n",
        SCALE_OUT_TOKENS=" ".join(tokens),
        LOG_LEVEL="WARNING",
    )
    _wait_until(
        f"{JOBS} audit rows core.ping", lambda: len(_ping_notes(cluster.db_url)) >= JOBS, cluster
    )
    # A job run twice would show up a moment later: give it the time to, then count.
    time.sleep(1.5)
    counts = collections.Counter(_ping_notes(cluster.db_url))
    assert set(counts) == set(tokens), "audit rows and enqueued tokens differ"
    twice = {token: n for token, n in counts.items() if n != 1}
    assert not twice, f"jobs that ran more than once: {twice}"

    # Each consumer logs the jobs it starts: together they ran all 40, and both took part.
    per_consumer = {proc.name: proc.log.read_text().count(EXECUTING) for proc in consumers}
    print(f"jobs per consumer: {per_consumer}; {time.monotonic() - started:.1f} s")
    assert sum(per_consumer.values()) == JOBS, per_consumer
    assert all(per_consumer.values()), f"one consumer ran no job: {per_consumer}"
    # The servers are still answering, and no worker crashed along the way.
    for proc in (server_a, server_b, *consumers):
        assert proc.popen.poll() is None, proc.tail()
