"""Logs never carry an identity, a tracking code with its PIN, a token or a search term.

Identities are fed through every URL the resolver knows (query string, form body, JSON body, a
request-id header), anonymously, as a supervisor and with an API token, plus the flows that
really handle them (registration, search, public report, status check, token issue) and a server
error whose message holds a name. Everything the production log handler writes is captured and
grepped."""

import io
import json
import logging
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_guid.log_filters import CorrelationId
from rest_framework.authtoken.models import Token

from naungan.ops.logs import JsonFormatter, PrivacyFilter
from naungan.reporting.services import report_submit

from .fill import fill_city

pytestmark = pytest.mark.django_db

NAME, NIK, PHONE, SEARCH = "Siti Aminah Djojo", "3575014503140001", "081234567890", "Sukarno"
SKIP = ("static/", "django-admin/", "i18n/")


def url_samples(resolver=None, prefix="") -> list[str]:
    resolver = resolver or get_resolver()
    out = []
    for p in resolver.url_patterns:
        raw = str(p.pattern)
        if isinstance(p, URLResolver):
            out += url_samples(p, prefix + raw)
        elif isinstance(p, URLPattern):
            out.append(prefix + raw)
    return out


def concrete(route: str, ids: dict) -> str | None:
    def conv(m):
        name = m.group(2)
        return str(ids.get(name, ids["pk"])) if (m.group(1) or "str") == "int" else {"city_code": "35.75", "action": "jadikan-kasus"}.get(name, "x")

    path = re.sub(r"<(?:(\w+):)?(\w+)>", conv, route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: {"city_code": "35.75"}.get(m.group(1), "x"), path)
    path = path.replace("^", "").replace("$", "").replace("\\", "")
    if re.search(r"[()\[\]*+?{}|]", path):
        return None
    return "/" + path


@pytest.fixture
def captured():
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(CorrelationId("request_id"))
    handler.addFilter(PrivacyFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield buf
    root.removeHandler(handler)


def test_no_identity_code_pin_token_or_search_term_reaches_the_logs(pasuruan, captured, monkeypatch):
    filled = fill_city(pasuruan)
    report, pin, _ = report_submit(city_code="35.75", form_token=None, reporter_kind="korban", kelurahan_code=pasuruan.kelurahan[0].code,
                                   what=["dipukul"], contact_name=NAME, contact_phone=PHONE, description=f"{NAME} {NIK}")
    sup = pasuruan.users["supervisor"]
    token = Token.objects.create(user=sup).key
    secrets = [NAME, "Aminah", NIK, PHONE, "3456-7890", SEARCH, report.tracking_code, pin, token]
    payload = {"q": f"{NAME} {SEARCH}", "name": NAME, "nik": NIK, "phone": PHONE, "code": report.tracking_code, "pin": pin,
               "token": token, "body": NAME, "description": f"{NAME} {NIK}", "contact_name": NAME, "contact_phone": PHONE,
               "requester_name": NAME, "username": NAME, "password": pin}
    ids = {"pk": filled.case.pk, "case_id": filled.case.pk, "person_id": filled.victim.pk}

    anonymous = Client(raise_request_exception=False)
    staff = Client(raise_request_exception=False)
    staff.force_login(sup)
    api = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {token}")
    routes = [concrete(r, ids) for r in url_samples() if not r.startswith(SKIP)]
    routes = [r for r in routes if r]
    assert len(routes) > 80
    sent = 0
    for path in routes:
        for client in (anonymous, staff, api):
            headers = {"HTTP_X_REQUEST_ID": NAME, "HTTP_USER_AGENT": NAME, "HTTP_REFERER": f"https://x/?q={NAME}"}
            client.get(path, payload, **headers)
            client.post(path, payload, **headers)
            client.post(path, json.dumps(payload), content_type="application/json", **headers)
            sent += 3
        staff.force_login(sup)  # in case the route was the logout

    # the flows that really carry identities
    staff.post("/api/v1/cases/search/", {"q": NAME}, content_type="application/json")
    anonymous.post("/lapor/status/", {"code": report.tracking_code, "pin": pin})
    anonymous.post("/api/v1/public/reports/status/", {"code": report.tracking_code, "pin": pin}, content_type="application/json")
    anonymous.post("/api/v1/auth/token/", {"username": sup.username, "password": "pw-test-123456"}, content_type="application/json")
    anonymous.post("/akun/masuk/", {"username": NAME, "password": pin})

    # a server error whose message holds a name and a NIK
    import naungan.cases.selectors as sel

    def boom(q, *args, **kwargs):
        raise ValueError(f"cannot search {q} {NIK}")

    monkeypatch.setattr(sel, "search_case_ids", boom)
    r = staff.post("/api/v1/cases/search/", {"q": NAME}, content_type="application/json")
    assert r.status_code == 500

    out = captured.getvalue()
    lines = out.splitlines()
    assert len(lines) >= sent  # at least one line per request
    records = [json.loads(line) for line in lines]  # one JSON object per line
    assert any(r.get("exception", "").startswith("Traceback") and "ValueError" in r["exception"] for r in records)
    assert all(r.get("request_id") for r in records if r["logger"] == "naungan.request")
    # random request ids and times could contain six digits that happen to be the PIN: leave them out
    lowered = "\n".join(json.dumps({k: v for k, v in r.items() if k not in ("request_id", "time", "duration_ms")})
                         for r in records).lower()
    for s in secrets:
        assert s.lower() not in lowered, s
