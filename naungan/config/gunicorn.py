"""Gunicorn settings: the one way Naungan is served, by `make run`, `make bench` and the systemd
unit in production. Everything tunable comes from the environment."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Requests are short and mostly wait on the database: a few processes with threads each.
workers = int(os.environ.get("NAUNGAN_WEB_WORKERS", str(min(4, multiprocessing.cpu_count() * 2))))
threads = int(os.environ.get("NAUNGAN_WEB_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("NAUNGAN_WEB_TIMEOUT", "60"))
graceful_timeout = 20
keepalive = 5
# No access log by default: URLs hold no identities, but an access log is one more copy of who
# asked for what; the application logs what operators need.
accesslog = os.environ.get("NAUNGAN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.environ.get("NAUNGAN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# In production gunicorn's own lines (start, worker restarts, timeouts) are JSON like the app's.
if os.environ.get("NAUNGAN_ENV", "demo").strip().lower() == "production" and os.environ.get("NAUNGAN_LOG_FORMAT", "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "naungan.ops.logs.JsonFormatter"}},
        "filters": {"privacy": {"()": "naungan.ops.logs.PrivacyFilter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["privacy"], "stream": "ext://sys.stderr"}},
        "loggers": {"gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False},
                    # an access line holds the full URL and the referrer: only when asked for
                    "gunicorn.access": {"handlers": ["console"] if accesslog else [], "level": "INFO" if accesslog else "CRITICAL",
                                        "propagate": False}},
    }
