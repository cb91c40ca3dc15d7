import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from naungan.accounts.roles import OrgKind
from naungan.cases.services import case_register
from naungan.services import services as S
from naungan.services import views

pytestmark = pytest.mark.django_db


def counts_over(table, ctx):
    return [q["sql"] for q in ctx.captured_queries if re.search(r"\bCOUNT\(", q["sql"], re.I) and table in q["sql"]]


@pytest.fixture
def referrals(pasuruan):
    cm = pasuruan.users["case_manager"]
    case = case_register(actor=cm, city_code="35.75", channel="datang_uptd", kelurahan_code=pasuruan.kelurahan[0].code,
                         forms=["fisik"], persons=[{"role": "victim", "name": "Ayu", "estimated_age": 12, "sex": "P"}])
    made = [S.referral_send(actor=cm, case=case, agency=pasuruan.orgs[OrgKind.POLICE_PPA], request=f"Mohon {i}", shared_fields=["forms"])
            for i in range(7)]
    return sorted(made, key=lambda r: (r.sent_at, r.pk), reverse=True)


def test_the_referral_api_pages_by_cursor_without_count(pasuruan, referrals):
    api = APIClient()
    api.force_authenticate(pasuruan.users["partner_police"])
    seen, url = [], "/api/v1/referrals/?limit=3"
    while url:
        with CaptureQueriesContext(connection) as ctx:
            body = api.get(url).json()
        assert counts_over("services_referral", ctx) == []
        seen += [r["id"] for r in body["results"]]
        url = body["next"]
    assert seen == [r.pk for r in referrals]
    api.force_authenticate(pasuruan.users["partner_social"])
    assert api.get("/api/v1/referrals/").json()["results"] == []


def test_the_inbox_page_pages_by_cursor_with_a_capped_total(client, pasuruan, referrals, monkeypatch):
    monkeypatch.setattr(views, "INBOX_PAGE", 4)
    client.force_login(pasuruan.users["partner_police"])
    with CaptureQueriesContext(connection) as ctx:
        body = client.get("/layanan/rujukan/").content.decode()
    assert counts_over("services_referral", ctx) == [] and "7 rujukan" in body
    cursor = re.search(r"kursor=([\w-]+)", body).group(1)
    with CaptureQueriesContext(connection) as ctx2:
        body2 = client.get(f"/layanan/rujukan/?kursor={cursor}").content.decode()
    assert f'href="/layanan/rujukan/{referrals[4].pk}/"' in body2 and f'href="/layanan/rujukan/{referrals[0].pk}/"' not in body2
    assert len(ctx2.captured_queries) <= len(ctx.captured_queries)
    client.force_login(pasuruan.users["analyst"])
    assert client.get("/layanan/rujukan/").status_code == 404
