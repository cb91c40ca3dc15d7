"""Service KPIs from the maintained aggregates, against hand-counted fixtures."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from naungan.accounts.roles import OrgKind
from naungan.cases import services as CS
from naungan.catalogues.selectors import codes
from naungan.services import services as SS
from naungan.stats.selectors import add_months, month_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def kpi_data(pasuruan):
    cm, sup = pasuruan.users["case_manager"], pasuruan.users["supervisor"]
    police, social = pasuruan.orgs[OrgKind.POLICE_PPA], pasuruan.orgs[OrgKind.DINAS_SOSIAL]
    now = timezone.now()

    def reg(days_ago, incident_days_ago, age):
        received = now - timedelta(days=days_ago)
        return CS.case_register(actor=cm, city_code="35.75", channel="telepon", kelurahan_code=pasuruan.kelurahan[0].code, forms=["fisik"],
                                received_at=received, incident_date=timezone.localtime(now - timedelta(days=incident_days_ago)).date(),
                                persons=[{"role": "victim", "name": "Rahasia", "estimated_age": age, "sex": "P"}])

    a = reg(2, 12, 10)  # delay 10 days, response after 2 h, a child served
    b = reg(2, 4, 12)  # delay 2 days, response after 4 h, closed, a child not served
    c = reg(400, 410, 30)  # previous period: delay 10 days, response after 10 h, an adult
    for case, hours in ((a, 2), (b, 4), (c, 10)):
        CS.case_triage(actor=cm, case=case, risk="sedang")
        CS.case_record_response(actor=cm, case=case, at=case.received_at + timedelta(hours=hours))
    CS.case_assign(actor=sup, case=a, assigned_to=cm)
    CS.case_request_closure(actor=cm, case=b, reason=sorted(codes("closure_reason"))[0])
    CS.case_approve_closure(actor=sup, case=b)
    victim = a.persons.get(role="victim")
    SS.service_record(actor=cm, case=a, service=sorted(codes("service"))[0], person_id=victim.pk, status="done")
    r1 = SS.referral_send(actor=cm, case=a, agency=police, request="x", shared_fields=["forms"])
    SS.referral_respond(actor=pasuruan.users["partner_police"], referral=r1, to="accepted")
    SS.referral_respond(actor=pasuruan.users["partner_police"], referral=r1, to="completed")
    r2 = SS.referral_send(actor=cm, case=b, agency=social, request="x", shared_fields=["forms"])
    SS.referral_respond(actor=pasuruan.users["partner_social"], referral=r2, to="declined", reason="penuh")
    r3 = SS.referral_send(actor=cm, case=a, agency=social, request="x", shared_fields=["forms"])
    SS.referral_respond(actor=pasuruan.users["partner_social"], referral=r3, to="accepted")
    return a, b, c


def test_kpis_equal_hand_counted_figures(pasuruan, kpi_data):
    api = APIClient()
    api.force_authenticate(pasuruan.users["analyst"])
    today = timezone.localdate()
    r = api.get("/api/v1/stats/kpi/", {"date_from": add_months(month_start(today), -11).isoformat(), "date_to": today.isoformat()})
    assert r.status_code == 200, r.content
    d = r.json()
    now, before = d["now"], d["before"]
    assert now["cases"] == 2 and before["cases"] == 1
    assert now["response_hours"] == 3.0 and before["response_hours"] == 10.0
    assert now["delay_days"] == 6.0 and before["delay_days"] == 10.0
    assert 1.9 <= now["closure_days"] <= 2.1 and before["closure_days"] is None
    assert now["on_time"] == 100  # medium risk: within 6 hours
    assert now["served_share"] == 50 and now["child_victims"] == 2 and before["served_share"] is None
    agencies = {row["agency"]: row["now"] for row in d["referrals_by_agency"]}
    police, social = pasuruan.orgs[OrgKind.POLICE_PPA].name, pasuruan.orgs[OrgKind.DINAS_SOSIAL].name
    assert agencies[police] == {"total": 1, "waiting": 0, "acceptance": 100, "completion": 100}
    assert agencies[social] == {"total": 2, "waiting": 0, "acceptance": 50, "completion": 0}
    assert {u["name"]: u["open"] for u in d["open_by_unit"]} == {pasuruan.orgs["uptd"].name: 2}
    officers = {o["name"]: o["open"] for o in d["open_by_officer"]}
    assert officers[None] == 1 and sum(officers.values()) == 2


def test_kpi_page_for_supervisors_and_analysts_only(pasuruan, blitar, kpi_data, login, django_assert_max_num_queries):
    client = login(pasuruan.users["supervisor"])
    with django_assert_max_num_queries(30) as ctx:
        body = client.get("/statistik/kinerja/").content.decode()
    assert "Kinerja layanan" in body and "Rahasia" not in body and pasuruan.orgs[OrgKind.POLICE_PPA].name in body
    assert not any('"cases_case"' in q["sql"] or '"services_referral"' in q["sql"] for q in ctx.captured_queries)
    assert login(pasuruan.users["analyst"]).get("/statistik/kinerja/").status_code == 200
    for key in ["case_manager", "ppt_0", "satgas_0", "partner_police", "auditor", "admin", "community"]:
        assert login(pasuruan.users[key]).get("/statistik/kinerja/").status_code == 404, key
        assert login(pasuruan.users[key]).get("/api/v1/stats/kpi/").status_code == 404, key
    # another city's analyst sees its own city, never Pasuruan's
    other = login(blitar.users["analyst"]).get("/statistik/kinerja/?kota=35.75").content.decode()
    assert "Kota Blitar" in other and pasuruan.orgs[OrgKind.POLICE_PPA].name not in other
