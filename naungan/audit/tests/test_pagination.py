import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from naungan.audit import views
from naungan.audit.models import AuditEvent
from naungan.audit.services import audit_record

pytestmark = pytest.mark.django_db


def counts_over(table, ctx):
    return [q["sql"] for q in ctx.captured_queries if re.search(r"\bCOUNT\(", q["sql"], re.I) and table in q["sql"]]


@pytest.fixture
def events(pasuruan):
    for i in range(9):
        audit_record(actor=pasuruan.users["admin"], action="test.event", object_type="x", object_id=str(i), city_code="35.75", changes={})
    return list(AuditEvent.objects.filter(action="test.event").order_by("-seq"))


def test_the_audit_api_pages_by_cursor_without_count(pasuruan, events):
    api = APIClient()
    api.force_authenticate(pasuruan.users["auditor"])
    seen, url, sizes = [], "/api/v1/audit/events/?action=test.&limit=4", []
    while url:
        with CaptureQueriesContext(connection) as ctx:
            body = api.get(url).json()
        assert set(body) == {"next", "previous", "results"} and counts_over("audit_auditevent", ctx) == []
        sizes.append(len(ctx.captured_queries))
        seen += [e["seq"] for e in body["results"]]
        url = body["next"]
    assert seen == [e.seq for e in events] and max(sizes) - min(sizes) <= 1
    assert api.get("/api/v1/audit/events/?offset=4").status_code == 400
    api.force_authenticate(pasuruan.users["case_manager"])
    assert api.get("/api/v1/audit/events/").status_code == 404


def test_the_audit_page_pages_by_cursor_both_ways(client, pasuruan, events, monkeypatch):
    monkeypatch.setattr(views, "PAGE", 4)
    client.force_login(pasuruan.users["auditor"])
    with CaptureQueriesContext(connection) as ctx:
        body = client.get("/audit/?action=test.").content.decode()
    assert counts_over("audit_auditevent", ctx) == []
    nxt = re.search(r"kursor=([\w-]+)", body).group(1)
    body2 = client.get(f"/audit/?action=test.&kursor={nxt}").content.decode()
    assert f"<td>{events[4].seq}</td>" in body2 and f"<td>{events[0].seq}</td>" not in body2
    prev = re.search(r'kursor=([\w-]+)">← ', body2).group(1)
    back = client.get(f"/audit/?action=test.&kursor={prev}").content.decode()
    assert f"<td>{events[0].seq}</td>" in back and f"<td>{events[4].seq}</td>" not in back
    client.force_login(pasuruan.users["ppt_0"])
    assert client.get("/audit/").status_code == 404
