"""Case lists read by cursor: every case once across pages, both directions, no COUNT over the
scope, constant queries, offset refused."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from naungan.cases.models import Case
from naungan.cases.selectors import cases_visible_to
from naungan.core.pagination import capped_count, total_label

pytestmark = pytest.mark.django_db


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def count_over(table: str, queries) -> list[str]:
    """SELECT COUNT(...) statements that read `table` (the scope count the lists must not run)."""
    return [q["sql"] for q in queries if re.search(r"\bCOUNT\(", q["sql"], re.I) and table in q["sql"]]


@pytest.fixture
def many_cases(pasuruan, make_case):
    base = timezone.now() - timedelta(days=1)
    made = [make_case(kel_index=i % 3, received_at=base + timedelta(minutes=i // 2)) for i in range(11)]  # pairs share a time
    return sorted(made, key=lambda c: (c.received_at, c.pk), reverse=True)


def test_the_case_api_walks_every_case_once_forwards_and_back(pasuruan, many_cases):
    c = api(pasuruan.users["supervisor"])
    seen, pages, url = [], [], "/api/v1/cases/?limit=4"
    while url:
        body = c.get(url).json()
        assert set(body) == {"next", "previous", "results"}
        pages.append(body)
        seen += [r["id"] for r in body["results"]]
        url = body["next"]
    assert seen == [x.pk for x in many_cases] and len(pages) == 3
    assert pages[0]["previous"] is None and pages[1]["previous"]
    back = c.get(pages[2]["previous"]).json()
    assert [r["id"] for r in back["results"]] == [r["id"] for r in pages[1]["results"]]
    first = c.get(back["previous"]).json()
    assert [r["id"] for r in first["results"]] == [r["id"] for r in pages[0]["results"]] and first["previous"] is None


def test_the_case_api_refuses_an_offset_and_a_forged_cursor(pasuruan, many_cases):
    c = api(pasuruan.users["supervisor"])
    r = c.get("/api/v1/cases/?offset=20")
    assert r.status_code == 400 and "offset" in r.json()
    assert c.get("/api/v1/cases/?cursor=bm9wZQ").status_code == 400
    assert c.get("/api/v1/cases/?cursor=" + "A" * 600).status_code == 400


def test_a_cursor_never_widens_the_scope(pasuruan, blitar, many_cases):
    nxt = api(pasuruan.users["supervisor"]).get("/api/v1/cases/?limit=2").json()["next"]
    assert api(blitar.users["supervisor"]).get(nxt).json()["results"] == []
    ppt = pasuruan.users["ppt_1"]
    ids = [r["id"] for r in api(ppt).get(nxt).json()["results"]]
    assert set(ids) <= set(cases_visible_to(ppt).values_list("pk", flat=True))


def test_case_api_pages_run_no_count_and_a_constant_number_of_queries(pasuruan, many_cases, make_case):
    c = api(pasuruan.users["supervisor"])
    with CaptureQueriesContext(connection) as first:
        nxt = c.get("/api/v1/cases/?limit=3").json()["next"]
    with CaptureQueriesContext(connection) as deep:
        c.get(nxt)
    with CaptureQueriesContext(connection) as search:
        c.post("/api/v1/cases/search/", {"q": "Siti"}, format="json")
    for ctx in (first, deep, search):
        assert count_over("cases_case", ctx.captured_queries) == []
    for _ in range(6):
        make_case()
    with CaptureQueriesContext(connection) as more:
        c.get("/api/v1/cases/?limit=3")
    assert len(more.captured_queries) <= len(first.captured_queries)
    assert len(deep.captured_queries) <= len(first.captured_queries)


def test_the_case_list_page_pages_by_cursor_with_a_capped_total(client, pasuruan, many_cases, monkeypatch):
    from naungan.cases import views

    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    client.force_login(pasuruan.users["supervisor"])
    with CaptureQueriesContext(connection) as q1:
        body = client.get("/kasus/").content.decode()
    assert count_over("cases_case", q1.captured_queries) == []
    assert "11 kasus" in body and many_cases[0].number in body and many_cases[4].number not in body
    nxt = re.search(r'href="\?(?:[^"]*&amp;)?kursor=([^"&]+)"', body).group(1)
    with CaptureQueriesContext(connection) as q2:
        body2 = client.get(f"/kasus/?kursor={nxt}").content.decode()
    assert count_over("cases_case", q2.captured_queries) == []
    assert many_cases[4].number in body2 and many_cases[0].number not in body2 and "Sebelumnya" in body2
    assert len(q2.captured_queries) <= len(q1.captured_queries) + 1
    assert client.get("/kasus/?kursor=rusak").status_code == 200  # a broken cursor shows the first page


def test_the_case_list_page_keeps_a_constant_query_count(client, pasuruan, make_case, django_assert_max_num_queries):
    client.force_login(pasuruan.users["supervisor"])
    make_case()
    with CaptureQueriesContext(connection) as small:
        client.get("/kasus/")
    for i in range(8):
        make_case(kel_index=i)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/kasus/")


def test_the_case_list_page_is_404_outside_casework(client, pasuruan):
    for key in ("analyst", "auditor", "partner_police", "community"):
        client.force_login(pasuruan.users[key])
        assert client.get("/kasus/?kursor=x").status_code == 404


def test_the_total_is_capped(pasuruan, many_cases):
    qs = Case.objects.all()
    assert capped_count(qs, cap=5) == 6 and total_label(6, cap=5) == "5+"
    assert capped_count(qs, cap=1000) == 11 and total_label(11) == "11"
    assert total_label(1001) == "1.000+"
    with CaptureQueriesContext(connection) as q:
        capped_count(qs)
    assert count_over("cases_case", q.captured_queries) == []
