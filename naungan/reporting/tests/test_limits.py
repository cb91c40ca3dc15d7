"""Limits that never turn a victim away: above the per-client or the global threshold the form
and the JSON API ask for a proof-of-work challenge (ALTCHA) instead of refusing; a report that
solves it is stored; the emergency numbers are always on the page."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from altcha import Challenge, Payload, solve_challenge
from django.test import Client
from rest_framework.test import APIClient

from naungan.core.counters import hit, parse_rate, peek
from naungan.reporting.models import Report

pytestmark = pytest.mark.django_db


def solve(challenge: dict) -> str:
    ch = Challenge.from_dict(challenge)
    solution = solve_challenge(ch)
    assert solution is not None
    return Payload(ch, solution).to_base64()


@pytest.fixture(autouse=True)
def _cheap_challenge(settings):
    settings.PORTAL_CHALLENGE_COST = 50  # the same algorithm as production, fewer iterations: the test stays fast


def test_the_global_cap_exhausted_by_others_a_victim_still_files_a_report_by_solving_the_challenge(report_data, settings):
    settings.PORTAL_SUBMIT_RATE_GLOBAL = "3/h"
    for i in range(3):  # a flood from a few addresses uses up the cap
        assert Client(REMOTE_ADDR=f"198.51.100.{i}").post("/lapor/35.75/", report_data()).status_code == 302
    victim = Client(REMOTE_ADDR="203.0.113.50")
    data = report_data(description="Saya dipukul suami tadi malam, sekarang di rumah ibu.", danger_now="on")
    r = victim.post("/lapor/35.75/", data)
    body = r.content.decode()
    assert r.status_code == 200 and "<altcha-widget" in body
    assert "tel:112" in body and "tel:129" in body  # the emergency numbers whatever the limits say
    assert "Saya dipukul suami" in body  # nothing typed is lost
    challenge = victim.get("/lapor/tantangan/")
    assert challenge.status_code == 200 and challenge["Cache-Control"] == "no-store"
    payload = solve(challenge.json())
    data["form_token"] = __import__("re").search(r'name="form_token" value="([^"]+)"', body).group(1)
    r = victim.post("/lapor/35.75/", {**data, "altcha": payload})
    assert r.status_code == 302, r.content.decode()[:500]
    assert Report.objects.count() == 4 and Report.objects.filter(danger_now=True).count() == 1
    # a solution is good once: replaying it is asked again
    r = Client(REMOTE_ADDR="203.0.113.51").post("/lapor/35.75/", {**report_data(), "altcha": payload})
    assert r.status_code == 200 and "tidak berhasil" in r.content.decode() and Report.objects.count() == 4


def test_the_api_answers_428_with_a_challenge_and_accepts_the_solved_report(pasuruan, settings):
    settings.PORTAL_SUBMIT_RATE_PER_CLIENT = "1/h"
    api = APIClient()
    body = {"city_code": "35.75", "reporter_kind": "anonim", "kelurahan": pasuruan.kelurahan[0].code, "what": ["dipukul"], "danger_now": True}
    assert api.post("/api/v1/public/reports/", body, format="json").status_code == 201
    r = api.post("/api/v1/public/reports/", body, format="json")
    assert r.status_code == 428 and r.json()["detail"] and "112" in r.json()["emergency"]
    r = api.post("/api/v1/public/reports/", {**body, "altcha": solve(r.json()["challenge"])}, format="json")
    assert r.status_code == 201 and r.json()["pin"] and Report.objects.count() == 2
    bad = api.post("/api/v1/public/reports/", {**body, "altcha": "bm90IGEgc29sdXRpb24="}, format="json")
    assert bad.status_code == 428 and "tidak berhasil" in bad.json()["detail"]


def test_a_forged_or_tampered_challenge_is_refused(pasuruan, settings, client):
    settings.PORTAL_SUBMIT_RATE_PER_CLIENT = "0/h"
    ch = client.get("/lapor/tantangan/").json()
    ch["parameters"]["cost"] = 1  # cheaper than issued: the signature no longer matches
    api = APIClient()
    body = {"city_code": "35.75", "reporter_kind": "anonim", "kelurahan": pasuruan.kelurahan[0].code, "altcha": solve(ch)}
    assert api.post("/api/v1/public/reports/", body, format="json").status_code == 428
    assert not Report.objects.exists()


def test_form_and_api_count_on_one_counter(report_data, pasuruan, settings):
    settings.PORTAL_SUBMIT_RATE_GLOBAL = "2/h"
    assert Client(REMOTE_ADDR="198.51.100.1").post("/lapor/35.75/", report_data()).status_code == 302
    api = APIClient(REMOTE_ADDR="198.51.100.2")
    body = {"city_code": "35.75", "reporter_kind": "anonim", "kelurahan": pasuruan.kelurahan[0].code, "what": ["dipukul"]}
    assert api.post("/api/v1/public/reports/", body, format="json").status_code == 201
    assert Client(REMOTE_ADDR="198.51.100.3").post("/lapor/35.75/", report_data()).status_code == 200  # challenge
    assert peek("portal:all", 3600) == 3


@pytest.mark.django_db(transaction=True)
def test_the_database_counter_loses_no_increment_under_concurrency():
    from django.db import connection as conn

    if conn.vendor == "sqlite":
        pytest.skip("the in-memory test database of SQLite serialises threads by table locks; the upsert is one statement either way")
    def bump(_):
        from django.db import connection

        try:
            return hit("test:concurrent", 3600)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = list(pool.map(bump, range(40)))
    assert sorted(counts) == list(range(1, 41))  # every increment seen once: none lost, none doubled
    assert peek("test:concurrent", 3600) == 40


def test_rates_are_read_like_the_settings():
    assert parse_rate("10/10m") == (10, 600) and parse_rate("600/h") == (600, 3600) and parse_rate("5/30s") == (5, 30)


def test_the_widget_is_served_from_this_server(client, settings):
    from django.contrib.staticfiles import finders

    settings.PORTAL_SUBMIT_RATE_PER_CLIENT = "0/h"
    for name in ("vendor/altcha/altcha.js", "vendor/altcha/altcha.css", "vendor/altcha-workers/pbkdf2.js", "reporting/altcha-setup.js"):
        assert finders.find(name), name
