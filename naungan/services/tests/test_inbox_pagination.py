import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from naungan.cases.tests.factories import CaseFactory
from naungan.services import views
from naungan.services.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def counts_over(table, ctx):
    return [q["sql"] for q in ctx.captured_queries if re.search(r"\bCOUNT\(\*\)", q["sql"], re.I) and table in q["sql"]]


@pytest.fixture
def referrals(pasuruan):
    case = CaseFactory(forms=["fisik"], persons=[{"role": "victim", "name": "Ayu", "estimated_age": 12, "sex": "P"}])
    made = [ReferralFactory(case=case, request=f"Mohon {i}") for i in range(7)]  # to the police PPA unit
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
