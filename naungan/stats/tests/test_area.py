"""Province and national analysts: aggregates of their area side by side, drill-down to
kecamatan, and nothing else — no case, no identity, no export; everyone else gets 404."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from naungan.accounts.demo import DEMO_PASSWORD, build_area_analysts, build_city
from naungan.accounts.models import User
from naungan.accounts.roles import Role
from naungan.cases.models import Case
from naungan.cases.services import case_register

pytestmark = pytest.mark.django_db

SECRET = "Wulandari Kusumawati"


def add(world, n, *, age=10, kel=0):
    for _ in range(n):
        case_register(actor=world.users["case_manager"], city_code=world.city.code, channel="telepon", kelurahan_code=world.kelurahan[kel].code,
                      forms=["fisik"], place="rumah_tangga", received_at=timezone.now() - timedelta(days=3),
                      persons=[{"role": "victim", "name": SECRET, "estimated_age": age, "sex": "P", "phone": "081299887766"}])


@pytest.fixture
def area(pasuruan, blitar):
    balikpapan = build_city("64.71", password="pw-test-123456")
    add(pasuruan, 3)
    add(blitar, 2, age=30)
    add(balikpapan, 4)
    build_area_analysts(password="pw-test-123456")
    return {"prov": User.objects.get(username="analis.prov35"), "nat": User.objects.get(username="analis.nasional"), "balikpapan": balikpapan}


def rows_of(user, **params):
    api = APIClient()
    api.force_authenticate(user)
    r = api.get("/api/v1/stats/area/", params)
    return r


def test_province_analyst_compares_the_kab_kota_of_its_province(area, pasuruan):
    r = rows_of(area["prov"])
    assert r.status_code == 200
    data = r.json()
    assert data["area"] == "35"
    rows = {row["code"]: row for row in data["rows"]}
    assert rows["35.75"]["cases"] == 3 and rows["35.75"]["child_cases"] == 3 and rows["35.75"]["female_victims"] == 3
    assert rows["35.72"]["cases"] == 2 and rows["35.72"]["child_cases"] == 0
    assert "64.71" not in rows and data["total"]["cases"] == 5
    assert data["by_form"] == {"fisik": 5}
    # drill down to the kecamatan of a city of the province
    kec = {row["code"]: row["cases"] for row in rows_of(area["prov"], wilayah="35.75").json()["rows"]}
    assert kec[pasuruan.kelurahan[0].parent_id] == 3 and sum(kec.values()) == 3
    # another province, its cities, or the nation: not found
    for code in ("64", "64.71"):
        assert rows_of(area["prov"], wilayah=code).status_code == 404
    assert rows_of(area["prov"], wilayah="").json()["area"] == "35"


def test_national_analyst_sees_every_province(area):
    data = rows_of(area["nat"]).json()
    rows = {row["code"]: row for row in data["rows"]}
    assert data["area"] == "" and rows["35"]["cases"] == 5 and rows["64"]["cases"] == 4 and data["total"]["cases"] == 9
    assert {row["code"]: row["cases"] for row in rows_of(area["nat"], wilayah="64").json()["rows"]} == {"64.71": 4}


def test_area_page_shows_counts_only_and_drills_down(area, login, django_assert_max_num_queries):
    client = login(area["prov"])
    with django_assert_max_num_queries(25) as ctx:
        body = client.get("/statistik/wilayah/?dari=2020").content.decode()
    assert "Kota Pasuruan" in body and "Kota Blitar" in body and "Balikpapan" not in body
    assert "?wilayah=35.75" in body
    assert not any('"cases_case"' in q["sql"] or '"cases_person"' in q["sql"] for q in ctx.captured_queries)
    body = client.get("/statistik/wilayah/?wilayah=35.75").content.decode()
    assert "Kota Pasuruan" in body
    csv = client.get("/statistik/wilayah/?wilayah=35&unduh=csv&tabel=wilayah").content.decode("utf-8-sig")
    assert "Kota Pasuruan,3,3" in csv


def test_area_analysts_never_reach_a_case_an_identity_or_an_export(area, login):
    case = Case.objects.filter(city_id="35.75").first()
    for who in ("prov", "nat"):
        client = login(area[who])
        for url in ["/statistik/wilayah/", "/statistik/wilayah/?wilayah=35.75", "/api/v1/stats/area/?wilayah=35.75"]:
            body = client.get(url).content.decode()
            assert SECRET not in body and "0812" not in body and case.number not in body, url
        for url in [f"/kasus/{case.pk}/", f"/api/v1/cases/{case.pk}/", f"/api/v1/cases/{case.pk}/persons/", f"/layanan/kasus/{case.pk}/",
                    "/statistik/", "/statistik/monev/", "/statistik/ekspor/", "/api/v1/stats/summary/",
                    "/statistik/ekspor/langsung.csv?kind=simfoni&fmt=csv&date_from=2020-01-01&date_to=2030-01-01"]:
            assert client.get(url).status_code == 404, (who, url)
        listing = client.get("/api/v1/cases/")
        assert listing.status_code == 404 or SECRET not in listing.content.decode() and case.number not in listing.content.decode()
        r = client.post("/statistik/ekspor/", {"kind": "anonim", "fmt": "csv", "date_from": "2020-01-01", "date_to": "2030-01-01"})
        assert r.status_code == 404


def test_other_roles_are_refused_the_area_views(area, pasuruan, login):
    for key in ["admin", "supervisor", "case_manager", "analyst", "auditor", "partner_police", "community", "ppt_0", "satgas_0"]:
        client = login(pasuruan.users[key])
        assert client.get("/statistik/wilayah/").status_code == 404, key
        assert client.get("/api/v1/stats/area/").status_code == 404, key


def test_demo_area_accounts_are_idempotent(area):
    accounts = build_area_analysts(password=DEMO_PASSWORD)
    assert {a["role"] for a in accounts} == {Role.PROVINCE_ANALYST, Role.NATIONAL_ANALYST}
    assert User.objects.filter(username__in=["analis.prov35", "analis.nasional"]).count() == 2
    assert area["prov"].memberships.get().region_id == "35"
