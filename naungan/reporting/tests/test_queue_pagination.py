import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from naungan.reporting import services as S
from naungan.reporting import views

pytestmark = pytest.mark.django_db


def counts_over(table, ctx):
    return [q["sql"] for q in ctx.captured_queries if re.search(r"\bCOUNT\(", q["sql"], re.I) and table in q["sql"]]


@pytest.fixture
def reports(pasuruan):
    made = []
    for i in range(7):
        report, _, _ = S.report_submit(city_code="35.75", form_token=None, reporter_kind="anonim", kelurahan_code=pasuruan.kelurahan[0].code,
                                       what=["dipukul"], danger_now=i in (2, 5))
        made.append(report)
    return sorted(made, key=lambda r: (not r.danger_now, r.created_at, r.pk))  # urgent first, then oldest


def test_the_queue_api_pages_by_cursor_urgent_first_without_count(pasuruan, reports):
    api = APIClient()
    api.force_authenticate(pasuruan.users["case_manager"])
    seen, url, queries = [], "/api/v1/reports/?limit=3", []
    while url:
        with CaptureQueriesContext(connection) as ctx:
            body = api.get(url).json()
        queries.append(len(ctx.captured_queries))
        assert counts_over("reporting_report", ctx) == []
        seen += [r["id"] for r in body["results"]]
        url = body["next"]
    assert seen == [r.pk for r in reports]
    assert max(queries) - min(queries) <= 1  # the first page reads the memberships once more
    assert api.get("/api/v1/reports/?offset=3").status_code == 400


def test_the_queue_page_pages_by_cursor_with_a_capped_total(client, pasuruan, reports, monkeypatch):
    monkeypatch.setattr(views, "QUEUE_PAGE", 4)
    client.force_login(pasuruan.users["supervisor"])
    with CaptureQueriesContext(connection) as ctx:
        body = client.get("/lapor/antrean/").content.decode()
    assert counts_over("reporting_report", ctx) == [] and "7 laporan" in body
    assert reports[0].tracking_code in body and reports[4].tracking_code not in body
    cursor = re.search(r"kursor=([\w-]+)", body).group(1)
    body2 = client.get(f"/lapor/antrean/?kursor={cursor}").content.decode()
    assert reports[4].tracking_code in body2 and reports[0].tracking_code not in body2 and "Sebelumnya" in body2


def test_the_queue_page_and_api_are_closed_outside_triage(client, pasuruan, blitar, reports):
    for user in (pasuruan.users["analyst"], pasuruan.users["partner_police"]):
        client.force_login(user)
        assert client.get("/lapor/antrean/?kursor=x").status_code == 404
    api = APIClient()
    api.force_authenticate(blitar.users["supervisor"])
    assert api.get("/api/v1/reports/").json()["results"] == []
