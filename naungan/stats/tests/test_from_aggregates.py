"""Dashboards, monitoring, the stats API, public figures and KLA figures read the maintained
aggregates only; the public figures are cached and refreshed when the city's aggregates change."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from naungan.cases.services import case_register

pytestmark = pytest.mark.django_db

RAW_TABLES = ('"cases_case"', '"cases_person"', '"cases_caseviolenceform"', '"services_servicedelivery"', '"services_referral"',
              '"services_rightrecord"')


def add(world, n, *, age=10, forms=("fisik",), days=5, kel=0):
    for _ in range(n):
        case_register(actor=world.users["case_manager"], city_code=world.city.code, channel="telepon", kelurahan_code=world.kelurahan[kel].code,
                      forms=list(forms), received_at=timezone.now() - timedelta(days=days),
                      persons=[{"role": "victim", "name": "Nama Rahasia", "estimated_age": age, "sex": "P"}])


def raw_reads(queries) -> list[str]:
    return [q["sql"] for q in queries if any(t in q["sql"] for t in RAW_TABLES)]


def test_dashboards_and_api_read_no_case_rows(pasuruan, login, django_assert_max_num_queries):
    add(pasuruan, 3)
    client = login(pasuruan.users["supervisor"])
    for url in ["/statistik/", "/statistik/monev/", "/api/v1/stats/summary/", "/statistik/?form=fisik&age_band=6-12&period=year"]:
        with django_assert_max_num_queries(60) as ctx:
            r = client.get(url)
        assert r.status_code == 200, url
        assert raw_reads(ctx.captured_queries) == [], url


def test_public_figures_are_cached_and_refreshed_when_aggregates_change(client, pasuruan, django_assert_max_num_queries,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        add(pasuruan, 6)
    first = APIClient().get("/api/v1/stats/public/35.75/").json()
    assert dict(first["by_form"])["Fisik"] == 6
    with django_assert_max_num_queries(4) as ctx:  # the city, the cache version, the cache entry
        again = APIClient().get("/api/v1/stats/public/35.75/").json()
    assert again == first
    assert not any("stats_fact" in q["sql"] for q in ctx.captured_queries)
    assert raw_reads(ctx.captured_queries) == []
    with django_capture_on_commit_callbacks(execute=True):
        add(pasuruan, 1)
    assert dict(APIClient().get("/api/v1/stats/public/35.75/").json()["by_form"])["Fisik"] == 7
    page = client.get("/statistik/publik/35.75/")
    assert page.status_code == 200


def test_public_cache_expires_after_its_ttl(pasuruan, settings):
    from naungan.stats.cache import cached_figures

    calls = []
    settings.PUBLIC_FIGURES_TTL = 300
    for _ in range(2):
        cached_figures("35.75", 2026, "id", lambda: calls.append(1) or {"x": 1})
    assert len(calls) == 1
    settings.PUBLIC_FIGURES_TTL = -1  # already expired when stored
    for _ in range(2):
        cached_figures("35.72", 2026, "id", lambda: calls.append(1) or {"x": 1})
    assert len(calls) == 3
