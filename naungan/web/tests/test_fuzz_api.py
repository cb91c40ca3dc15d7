"""Fuzzing the JSON API from its own OpenAPI schema (schemathesis + Hypothesis), in process.

Every operation of the schema drf-spectacular serves at /api/schema/ gets generated requests,
valid and invalid ones (schemathesis' positive and negative modes), sent to the Django WSGI
application (no network), once as a case manager of Kota Pasuruan (token) and once as an
anonymous client. Checks, for every response:
  * no server error (5xx), with the traceback of the exception when there was one;
  * every 4xx carries a message: a JSON body with `detail`, or field errors (a non-empty object
    or list of messages).

Path parameters point at real records half of the time (the access-matrix world of
naungan/web/tests/world.py), so the handlers behind the 404 are reached too. The examples are
derandomized (fixed seed, no shrinking, no example database): the same requests every run.

Budget: NAUNGAN_FUZZ_PROFILE=ci (default) is 25 examples per operation; =nightly is 500. Push
and WhatsApp senders are stubbed and any socket to a non-loopback address is refused."""

from __future__ import annotations

import functools
import json
import os
import re
import socket
import traceback
from datetime import UTC, date, datetime, timedelta, timezone

import hypothesis
import pytest
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st

from naungan.web.tests.fuzz_profile import API_EXAMPLES, API_LOCKED_EXAMPLES, PROFILE

pytestmark = pytest.mark.django_db

# Examples per operation (fuzz_profile.py); an anonymous client gets the smaller budget on
# operations that need a login (every answer is the same 401/403, whatever the request).
EXAMPLES, LOCKED_EXAMPLES = API_EXAMPLES, API_LOCKED_EXAMPLES
# Operations are split into chunks, one test each with its own world (xdist spreads them).
# NAUNGAN_FUZZ_PERSONAS=supervisor,admin,… fuzzes as other users of conftest.py's cities too.
CHUNKS = {"case_manager": 4, "anon": 2} | {p: 4 for p in filter(None, os.environ.get("NAUNGAN_FUZZ_PERSONAS", "").split(","))}


@functools.cache
def raw_schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True), renderer_context={}))


# Dates and moments at the edges of the calendar come up often (they found the OverflowError of
# naungan/core/dates.py); the rest are any date, any moment in any of a few time zones.
EDGE_DAYS = [date.min, date.max, date(1970, 1, 1), date(1900, 1, 1), date(2000, 2, 29)]
ZONES = [UTC, timezone(timedelta(hours=7)), timezone(timedelta(hours=-12)), timezone(timedelta(hours=14))]
EDGE_MOMENTS = [datetime.min.replace(tzinfo=z) for z in ZONES] + [datetime.max.replace(tzinfo=z) for z in ZONES]


def register_formats() -> None:
    import schemathesis

    schemathesis.openapi.format("date", st.one_of(st.sampled_from(EDGE_DAYS), st.dates()).map(date.isoformat))
    moments = st.one_of(st.sampled_from(EDGE_MOMENTS), st.datetimes(timezones=st.sampled_from(ZONES)))
    schemathesis.openapi.format("date-time", moments.map(datetime.isoformat))


@functools.cache
def load_schema():
    import schemathesis
    from django.core.handlers.wsgi import WSGIHandler
    from schemathesis.config import SchemathesisConfig

    register_formats()
    config = SchemathesisConfig.from_dict({"seed": 20261201, "generation": {"deterministic": True, "no-shrink": True}})
    schema = schemathesis.openapi.from_dict(json.loads(json.dumps(raw_schema())), config=config)
    schema.app = WSGIHandler()
    return schema


def all_operations(schema) -> list:
    ops = [r.ok() for r in schema.get_all_operations()]
    return sorted(ops, key=lambda op: (op.path, op.method))


# A path parameter is swapped for a real record when the generated value is even: {<name>} after
# the segment <segment>, or {<segment>_id}, names the record key of world.build_records.
SEGMENT_RECORD = {
    "cases": "case", "persons": "person", "attachments": "attachment", "referrals": "referral", "reports": "report",
    "perkasa": "perkasa", "rights": "right", "organisations": "organisation", "users": "user", "memberships": "membership",
    "evaluations": "evaluation", "indicator-sets": "indicator_set", "events": "event", "forums": "forum", "groups": "group",
    "requests": "dsr", "transfers": "transfer", "alerts": "alert", "rules": "rule", "appointments": "appointment",
    "families": "household",
}


def record_for(path: str, name: str) -> str | None:
    if name == "city_code":
        return "city_code"
    if name.endswith("_id"):
        seg = name.removesuffix("_id")
        return SEGMENT_RECORD.get(seg + "s") or SEGMENT_RECORD.get(seg)
    m = re.search(r"/([\w-]+)/\{" + re.escape(name) + r"\}", path)
    if not m:
        return None
    key = SEGMENT_RECORD.get(m.group(1))
    return "family" if key == "household" and "/prevention/" in path else key


def swap_path_parameters(case, records: dict) -> None:
    for name, value in list((case.path_parameters or {}).items()):
        key = record_for(case.path, name)
        if key and key in records and (isinstance(value, int) and value % 2 == 0 or isinstance(value, str) and len(value) % 2 == 0):
            case.path_parameters[name] = records[key]


def has_message(body) -> bool:
    if isinstance(body, dict):
        if body.get("detail"):
            return True
        return bool(body) and all(bool(v) for v in body.values())
    if isinstance(body, list):
        return bool(body) and all(isinstance(v, str) and v for v in body)
    return False


def problem(response) -> str | None:
    if response.status_code >= 500:
        return "server error"
    if 400 <= response.status_code < 500:
        try:
            body = json.loads(response.content or b"null")
        except ValueError:
            return "4xx without a JSON body"
        if not has_message(body):
            return "4xx without a message"
    return None


def build_world():
    from naungan.accounts.demo import build_city
    from naungan.web.tests.matrix_entries import extra_records
    from naungan.web.tests.world import build_records

    pas = build_city("35.75", password="pw-test-123456")
    rec = build_records(pas)
    rec |= extra_records(pas, rec)
    rec["city_code"] = "35.75"
    return pas, rec


@pytest.fixture
def no_network(monkeypatch):
    """Push and WhatsApp senders stubbed; any other socket to a non-loopback address refused."""
    sent = []
    monkeypatch.setattr("naungan.push.services.webpush", lambda **kw: sent.append(("push", kw.get("subscription_info"))))
    monkeypatch.setattr("naungan.whatsapp.client.requests.post", lambda *a, **kw: sent.append(("whatsapp", a)) or _fake_ok())
    real_connect = socket.socket.connect

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (host.startswith("127.") or host in ("::1", "localhost") or host.startswith("/")):
            raise ConnectionRefusedError(f"fuzz: no network ({host})")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return sent


def _fake_ok():
    class R:
        status_code = 200
        ok = True

        def json(self):
            return {"messages": [{"id": "wamid.fuzz"}]}

        def raise_for_status(self):
            return None

    return R()


@pytest.fixture
def in_process_requests():
    """Requests through the WSGI handler inside the test's transaction: like Django's test client,
    the request signals must not close the test's database connection; exceptions are kept."""
    from django.core.signals import got_request_exception, request_finished, request_started
    from django.db import close_old_connections

    errors = []

    def keep(sender, request=None, **kwargs):
        errors.append(traceback.format_exc())

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    got_request_exception.connect(keep, weak=False)
    try:
        yield errors
    finally:
        got_request_exception.disconnect(keep)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def reset_limits():
    from django.core.cache import cache

    from naungan.core.models import RateCounter

    RateCounter.objects.all().delete()
    cache.clear()


STATUSES: dict[str, dict[int, int]] = {}  # operation → status → count (NAUNGAN_FUZZ_STATUSES=<file> appends it there)


def is_public(operation) -> bool:
    return {} in (operation.definition.raw.get("security") or [{}])


def fuzz_operation(operation, *, examples: int, headers: dict, records: dict, errors: list) -> tuple[int, list[str]]:
    from schemathesis import GenerationMode

    strategies = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        try:
            strategies.append(operation.as_strategy(generation_mode=mode))
        except Exception:  # noqa: S112 - an operation with nothing to negate has no negative strategy
            continue
    found: dict[str, str] = {}
    sent = [0]
    statuses = STATUSES.setdefault(f"{operation.method.upper()} {operation.path}", {})
    statuses.clear()

    @hypothesis.settings(max_examples=examples, derandomize=True, database=None, deadline=None, print_blob=False,
                         phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @hypothesis.given(case=st.one_of(strategies))
    def run(case):
        swap_path_parameters(case, records)
        reset_limits()
        del errors[:]
        response = case.call(headers=dict(headers))
        sent[0] += 1
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        what = problem(response)
        if what:
            key = f"{what} {response.status_code}"
            if key not in found:
                tb = ("\n" + errors[-1]) if errors else ""
                found[key] = (f"{operation.method.upper()} {operation.path}: {what} ({response.status_code})\n"
                              f"  {case.as_curl_command()}\n  body: {response.content[:300]!r}{tb}")

    run()
    return sent[0], list(found.values())


@pytest.mark.parametrize(("persona", "chunk"), [(p, c) for p, n in CHUNKS.items() for c in range(n)])
def test_fuzz_api(persona, chunk, no_network, in_process_requests, settings):
    from rest_framework.authtoken.models import Token

    world, records = build_world()
    headers = {}
    if persona != "anon":
        headers["Authorization"] = f"Token {Token.objects.create(user=world.users[persona]).key}"
    schema = load_schema()
    chunks = CHUNKS[persona]
    operations = all_operations(schema)[chunk::chunks]
    total, findings = 0, []
    for operation in operations:
        examples = EXAMPLES if persona != "anon" or is_public(operation) else LOCKED_EXAMPLES
        n, found = fuzz_operation(operation, examples=examples, headers=headers, records=records, errors=in_process_requests)
        total += n
        findings += found
    print(f"fuzz [{persona}, chunk {chunk + 1}/{chunks}, profile {PROFILE}]: {len(operations)} operations, {total} requests, "
          f"{len(findings)} findings")
    if os.environ.get("NAUNGAN_FUZZ_STATUSES"):
        with open(os.environ["NAUNGAN_FUZZ_STATUSES"], "a", encoding="utf-8") as out:
            for op in operations:
                label = f"{op.method.upper()} {op.path}"
                out.write(f"{persona} {label}: {dict(sorted(STATUSES.get(label, {}).items()))}\n")
    assert not findings, "\n\n".join(findings)
