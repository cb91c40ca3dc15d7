"""Regression tests for what fuzzing the API found (naungan/web/tests/test_fuzz_api.py); the
property tests of the parsers are in test_fuzz_parsers.py."""

from datetime import date

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_case(pasuruan):
    from django.utils import timezone

    from naungan.cases.services import case_register

    def _make():
        return case_register(actor=pasuruan.users["case_manager"], city_code="35.75", channel="datang_uptd",
                             persons=[{"role": "victim", "name": "Siti Aminah", "sex": "P", "estimated_age": 12}],
                             kelurahan_code=pasuruan.kelurahan[0].code, incident_date="2026-10-01", place="rumah_tangga",
                             forms=["fisik"], chronology="Korban dipukul di rumah.", received_at=timezone.now())

    return _make


def api(user):
    c = APIClient(raise_request_exception=False)
    c.force_authenticate(user)
    return c


@pytest.mark.parametrize("who", ["supervisor", "case_manager"])
@pytest.mark.parametrize("query", ["date_from=0001-01-01", "date_to=9999-12-31", "date_from=0001-01-01&date_to=9999-12-31"])
def test_case_list_filtered_from_the_first_day_of_the_calendar(pasuruan, make_case, who, query):
    """Was 500 (OverflowError): the first instant of 0001-01-01 in UTC+7 is before year 1 in UTC."""
    case = make_case()
    r = api(pasuruan.users[who]).get(f"/api/v1/cases/?{query}")
    assert r.status_code == 200, r.content
    assert [c["id"] for c in r.json()["results"]] == [case.pk]


@pytest.mark.parametrize("query", ["date_from=0001-01-01", "date_to=9999-12-31"])
def test_audit_trail_filtered_from_the_first_day_of_the_calendar(pasuruan, make_case, query):
    """Was 500 (OverflowError) for date_from=0001-01-01."""
    make_case()
    r = api(pasuruan.users["supervisor"]).get(f"/api/v1/audit/events/?{query}")
    assert r.status_code == 200, r.content
    assert any(e["action"] == "case.register" for e in r.json()["results"]), r.json()


@pytest.mark.parametrize("query", ["date_from=0001-01-01&date_to=0001-03-01", "date_from=9999-12-01&date_to=9999-12-31",
                                   "date_from=0001-01-01&date_to=9999-12-31"])
def test_kpis_of_a_period_at_the_edge_of_the_calendar(pasuruan, query):
    """Was 500 (ValueError: year 0 / year 10000 out of range) working out the previous period."""
    r = api(pasuruan.users["supervisor"]).get(f"/api/v1/stats/kpi/?{query}")
    assert r.status_code == 200, r.content
    start, end = r.json()["period"]
    prev_start, prev_end = r.json()["previous_period"]
    assert date.fromisoformat(prev_start) <= date.fromisoformat(start) and date.fromisoformat(end) >= date.fromisoformat(start)


def test_the_month_arithmetic_stays_in_the_calendar():
    from naungan.stats.selectors import add_months, month_end

    assert add_months(date(1, 1, 15), -1) == date.min
    assert add_months(date(9999, 12, 15), 1) == date(9999, 12, 1)
    assert add_months(date(2026, 1, 31), -1) == date(2025, 12, 1)
    assert month_end(date(9999, 12, 5)) == date.max and month_end(date(2024, 2, 1)) == date(2024, 2, 29)


def test_dashboard_pages_take_edge_dates(pasuruan, client):
    client.force_login(pasuruan.users["supervisor"])
    for url in ("/statistik/?date_from=0001-01-01&date_to=9999-12-31", "/kasus/?date_from=0001-01-01", "/audit/?date_from=0001-01-01"):
        assert client.get(url).status_code == 200, url


def test_a_group_named_with_a_control_character_downloads_as_xlsx(pasuruan, client):
    """Property-test finding: openpyxl refuses control characters (IllegalCharacterError), so the
    XLSX download of a register holding a pasted vertical tab answered 500."""
    import io

    from openpyxl import load_workbook

    from naungan.prevention.services import group_create

    sup = pasuruan.users["supervisor"]
    group_create(actor=sup, city_code="35.75", kelurahan=pasuruan.kelurahan[0].code, kind="patbm", name="PATBM\x0bMelati")
    client.force_login(sup)
    r = client.get("/pencegahan/kelompok/?unduh=xlsx")
    assert r.status_code == 200, r.content[:200]
    values = [c.value for row in load_workbook(io.BytesIO(r.content)).active.iter_rows() for c in row]
    assert "PATBMMelati" in values


def test_a_perkasa_nik_in_full_width_digits_is_the_same_nik(pasuruan):
    """Property-test finding: normalize_nik kept digits of other scripts as they were (`\\d` matches
    them), so the same NIK typed with full-width digits got another blind index and passed the
    duplicate check."""
    from naungan.core.errors import DomainError
    from naungan.prevention.services import DUPLICATE_NIK, perkasa_register

    sup, kel = pasuruan.users["supervisor"], pasuruan.kelurahan[0].code
    m = perkasa_register(actor=sup, city_code="35.75", kelurahan=kel, name="Ibu Sri", nik="３５７５０１４５０３１４０００１", income_band="lt1")
    assert m.nik == "3575014503140001"
    with pytest.raises(DomainError) as exc:
        perkasa_register(actor=sup, city_code="35.75", kelurahan=kel, name="Ibu Sri", nik="3575 0145 0314 0001", income_band="lt1")
    assert str(exc.value) == DUPLICATE_NIK
