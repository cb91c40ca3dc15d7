"""Structured logs that never carry an identity.

One JSON object per line in production (text in the demo), each with the request id. What Django
attaches to its records — the request object, whose repr holds the query string — is reduced to
method and route; exception messages are dropped (a database error can quote a row, a validation
error the value that failed) and only the exception class and the stack frames are kept. Nothing
here imports Django models: logging is configured before the apps are ready."""

from __future__ import annotations

import logging
import traceback

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

# Attributes of a LogRecord that are never written: the request (its repr has the full URL),
# arguments that may hold user input, and the raw exception tuple (formatted by us instead).
_DROP = ("request", "args", "exc_info", "exc_text", "stack_info", "msg")


def redacted_exception(exc_info) -> str:
    """The stack (file, line, function) and the exception's class — never its message."""
    etype, _value, tb = exc_info
    frames = traceback.extract_tb(tb)
    lines = [f'  File "{f.filename}", line {f.lineno}, in {f.name}' for f in frames]
    name = f"{etype.__module__}.{etype.__qualname__}" if etype else "Exception"
    return "Traceback (most recent call last):\n" + "\n".join(lines) + f"\n{name}: [pesan disembunyikan]"


class PrivacyFilter(logging.Filter):
    """Reduces Django's request-carrying records to what an operator needs."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None:
            record.method = getattr(request, "method", "")
            match = getattr(request, "resolver_match", None)
            record.route = match.route if match is not None else ""
            record.request = None
        if record.name.startswith("django.request") or record.name.startswith("django.security"):
            # "Not Found: %s" and friends: keep the reason, not the address or the input.
            try:
                message = record.getMessage()
            except Exception:  # noqa: BLE001 - a malformed record still gets logged
                message = str(record.msg)
            record.msg = message.split(":")[0]
            record.args = ()
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redacted_exception(record.exc_info)
            record.exc_info = None
        if not hasattr(record, "request_id"):
            record.request_id = ""
        return True


class JsonFormatter(_JsonFormatter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        super().__init__("%(levelname)s %(name)s %(message)s", *args, **kwargs)

    def add_fields(self, log_record, record, message_dict):
        super().add_fields(log_record, record, message_dict)
        for key in _DROP:
            log_record.pop(key, None)
        if record.exc_text:
            log_record["exception"] = record.exc_text
        for key in [k for k, v in log_record.items() if v in (None, "")]:
            log_record.pop(key)

    def formatException(self, ei):  # noqa: N802 - logging API
        return redacted_exception(ei)


class TextFormatter(logging.Formatter):
    def __init__(self, *args, **kwargs):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def formatException(self, ei):  # noqa: N802 - logging API
        return redacted_exception(ei)
