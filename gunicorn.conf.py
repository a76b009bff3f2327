"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py config.wsgi`.

Read from the environment, like config/settings.py (see the README's configuration table
and docs/deploy.md):

    WEB_CONCURRENCY   worker processes (default: 2 per CPU + 1, at most 8)
    HOST, PORT        address to listen on (default 127.0.0.1:8000, behind the reverse proxy)
    GUNICORN_TIMEOUT  seconds a request may run before its worker is restarted (default 120)
    LOG_FORMAT        text (default) or json: gunicorn's own lines follow it too

The demo (`make demo`) does not use this file: it runs Django's development server.
Workers keep no state between requests (sessions in the database, cache and queue in
Redis), so any worker may serve any request and a worker may be restarted at any time.
"""

from __future__ import annotations

import multiprocessing
import os

_host = os.environ.get("HOST", "127.0.0.1")
# An IPv6 address is written in brackets in a bind address.
if ":" in _host and not _host.startswith("["):
    _host = f"[{_host}]"
bind = [f"{_host}:{os.environ.get('PORT', '8000')}"]

workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
# Synchronous workers: each serves one request at a time and closes the connection after
# it. A slow client is the reverse proxy's business (nginx buffers requests and
# responses), not a worker's.
worker_class = "sync"

# Long requests: PDF and Word exports of a whole séance, zips of filings.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
# On SIGTERM (systemctl stop/restart) or SIGHUP (reload), requests in flight may finish.
graceful_timeout = 30
# Restart each worker after about a thousand requests (jittered, so that they do not all
# restart at once): any slow memory growth is bounded.
max_requests = 1000
max_requests_jitter = 100

# The reverse proxy on the same machine may set X-Forwarded-* (Django reads them itself,
# see BEHIND_PROXY); on another machine, list its address in FORWARDED_ALLOW_IPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access log to standard output, errors to standard error: journald keeps both.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s" request_id=%({x-request-id}o)s'
# No control socket (gunicorn ≥ 25): systemd stops, reloads and restarts the server.
control_socket_disable = True

if os.environ.get("LOG_FORMAT", "text").strip().lower() == "json":
    # Same JSON lines as Django's (hemicycle/core/logging.py); access lines also carry an
    # "http" object (method, path, status, bytes, duration) and the response's request id.
    logconfig_dict = {
        "formatters": {"json": {"()": "hemicycle.core.logging.JsonFormatter"}},
        "handlers": {
            "access": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
            "error": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
        },
        "root": {"level": "INFO", "handlers": ["error"]},
        "loggers": {
            "gunicorn.error": {
                "level": loglevel.upper(),
                "handlers": ["error"],
                "propagate": False,
            },
            "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
        },
    }
