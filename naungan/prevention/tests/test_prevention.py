from datetime import date

import pytest
from django.db import connection

from naungan.accounts.roles import OrgKind
from naungan.core.errors import DomainError
from naungan.prevention import selectors as Q
from naungan.prevention import services as S

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(pasuruan):
    sup = pasuruan.users["supervisor"]
    k0, k5 = pasuruan.kelurahan[0].code, pasuruan.kelurahan[5].code
    S.event_record(actor=sup, city_code="35.75", kelurahan=k0, on=date(2026, 3, 1), organiser=pasuruan.orgs["dinas"], topic="perundungan",
                   girls=10, boys=8, women=20, men=5, partner_text="DPRD", partners=[pasuruan.orgs[OrgKind.KEMENAG]])
    S.event_record(actor=sup, city_code="35.75", kelurahan=k5, on=date(2026, 4, 1), organiser=pasuruan.orgs["dinas"], topic="perkawinan_anak", girls=3)
    forum = S.forum_create(actor=sup, city_code="35.75", level="kelurahan", region_code=k0, name="Forum Anak Karangketug")
    S.activity_record(actor=sup, forum=forum, on=date(2026, 5, 1), title="Musrenbang", participants=9, in_musrenbang=True)
    S.group_create(actor=sup, city_code="35.75", kelurahan=k0, kind="patbm", name="PATBM RW 01")
    fam = S.family_register(actor=sup, city_code="35.75", kelurahan=k0, head_name="Bapak Suparman", address="Jl. Mawar 1", risks=["kemiskinan", "anak_mengemis"])
    S.perkasa_register(actor=sup, city_code="35.75", kelurahan=k5, name="Ibu Rahmawati", nik="3575014503800002", income_band="lt1")
    return fam


def test_counts_equal_the_records(pasuruan, data):
    assert Q.outreach_count(city_code="35.75", year=2026) == 2
    assert Q.forum_anak_activity_count(city_code="35.75", year=2026) == 1
    assert Q.patbm_coverage(city_code="35.75") == (1, 34)
    counts = Q.prevention_counts(user=pasuruan.users["supervisor"], group_by="kecamatan")
    assert sum(counts.values()) == 2
    att = Q.outreach_attendance(Q.events_visible_to(pasuruan.users["analyst"]))
    assert att["girls"] == 13 and att["women"] == 20 and att["events"] == 2


def test_lists_filters_and_query_counts(pasuruan, data, login, django_assert_max_num_queries):
    client = login(pasuruan.users["supervisor"])
    with django_assert_max_num_queries(25) as ctx:
        body = client.get("/pencegahan/sosialisasi/?topic=perundungan").content.decode()
    assert "Perundungan" in body and "Pencegahan perkawinan anak" not in body.split("<tbody>")[1].split("</tbody>")[0]
    n = len(ctx.captured_queries)
    for i in range(5):
        S.event_record(actor=pasuruan.users["supervisor"], city_code="35.75", kelurahan=pasuruan.kelurahan[i].code, on=date(2026, 6, 1),
                       organiser=pasuruan.orgs["dinas"], topic="perundungan", partners=[pasuruan.orgs[OrgKind.KEMENAG]])
    with django_assert_max_num_queries(n):
        client.get("/pencegahan/sosialisasi/?topic=perundungan")
    for url in ["/pencegahan/", "/pencegahan/forum-anak/", "/pencegahan/kelompok/", "/pencegahan/keluarga/", "/pencegahan/perkasa/"]:
        assert client.get(url).status_code == 200, url


def test_exports_neutralise_formulas_and_hide_identities_from_analysts(pasuruan, data, login):
    S.family_register(actor=pasuruan.users["supervisor"], city_code="35.75", kelurahan=pasuruan.kelurahan[0].code, head_name="=CMD()", risks=["kemiskinan"])
    sup = login(pasuruan.users["supervisor"]).get("/pencegahan/keluarga/?unduh=csv").content.decode("utf-8-sig")
    assert "Bapak Suparman" in sup and "'=CMD()" in sup
    analyst = login(pasuruan.users["analyst"]).get("/pencegahan/keluarga/?unduh=csv").content.decode("utf-8-sig")
    assert "Suparman" not in analyst and "CMD" not in analyst and "•••" in analyst
    assert "Rahmawati" not in login(pasuruan.users["analyst"]).get("/pencegahan/perkasa/").content.decode()
    x = login(pasuruan.users["supervisor"]).get("/pencegahan/sosialisasi/?unduh=xlsx")
    assert x.content[:2] == b"PK"


def test_scope_by_role_and_area(pasuruan, blitar, data, login):
    assert login(pasuruan.users["satgas_0"]).get(f"/pencegahan/keluarga/{data.pk}/").status_code == 200
    assert "Bapak Suparman" in login(pasuruan.users["satgas_0"]).get(f"/pencegahan/keluarga/{data.pk}/").content.decode()
    assert login(pasuruan.users["satgas_1"]).get(f"/pencegahan/keluarga/{data.pk}/").status_code == 404
    assert "Suparman" not in login(pasuruan.users["analyst"]).get(f"/pencegahan/keluarga/{data.pk}/").content.decode()
    for key in ["case_manager", "partner_police"]:
        assert login(pasuruan.users[key]).get("/pencegahan/").status_code == 404, key
        assert login(pasuruan.users[key]).get("/pencegahan/keluarga/").status_code == 404, key
    assert login(blitar.users["supervisor"]).get(f"/pencegahan/keluarga/{data.pk}/").status_code == 404
    assert "Bapak Suparman" not in login(blitar.users["supervisor"]).get("/pencegahan/keluarga/").content.decode()
    with pytest.raises(DomainError):
        S.family_register(actor=pasuruan.users["satgas_1"], city_code="35.75", kelurahan=pasuruan.kelurahan[0].code, head_name="X", risks=[])


def test_identities_sealed_and_children_minimal(pasuruan, data):
    with connection.cursor() as cur:
        cur.execute("SELECT head_name, address FROM prevention_vulnerablefamily")
        rows = repr(cur.fetchall())
        cur.execute("SELECT name, nik FROM prevention_perkasamember")
        rows += repr(cur.fetchall())
    assert "Suparman" not in rows and "Mawar" not in rows and "Rahmawati" not in rows and "3575014503800002" not in rows
    forum = Q.forums_visible_to(pasuruan.users["supervisor"]).get()
    with pytest.raises(DomainError, match="inisial"):
        S.forum_member_add(actor=pasuruan.users["supervisor"], forum=forum, initials="Anisa Rahmawati", birth_year=2012, sex="P")
    with pytest.raises(DomainError, match="sudah terdaftar"):
        S.perkasa_register(actor=pasuruan.users["supervisor"], city_code="35.75", kelurahan=pasuruan.kelurahan[5].code, name="Lain", nik="3575 0145 0380 0002", income_band="lt1")


def test_creating_through_pages(pasuruan, login):
    client = login(pasuruan.users["ppt_0"])
    r = client.post("/pencegahan/sosialisasi/", {"date": "2026-07-01", "kelurahan": pasuruan.kelurahan[0].code, "topic": "hak_anak",
                                                "organiser": pasuruan.orgs["dinas"].pk, "girls": "4", "boys": "x"}, follow=True)
    assert "Isian angka tidak valid" in r.content.decode()
    r = client.post("/pencegahan/sosialisasi/", {"date": "2026-07-01", "kelurahan": pasuruan.kelurahan[1].code, "topic": "hak_anak",
                                                "organiser": pasuruan.orgs["dinas"].pk}, follow=True)
    assert "tidak berwenang" in r.content.decode()


def test_a_bad_date_on_a_prevention_page_is_a_message_not_a_server_error(pasuruan, login):
    from naungan.prevention.models import OutreachEvent

    client = login(pasuruan.users["ppt_0"])
    post = {"kelurahan": pasuruan.kelurahan[0].code, "topic": "hak_anak", "organiser": pasuruan.orgs["dinas"].pk, "girls": "4"}
    r = client.post("/pencegahan/sosialisasi/", {**post, "date": "2026-02-30"}, follow=True)
    assert r.status_code == 200 and "Tanggal tidak valid" in r.content.decode()
    assert not OutreachEvent.objects.exists()
    r = client.get("/pencegahan/sosialisasi/", {"date_from": "kemarin"})
    assert r.status_code == 200 and "Tanggal tidak valid" in r.content.decode()
    client.post("/pencegahan/sosialisasi/", {**post, "date": "2026-07-01", "girls": "-3", "partners": ["x"]})
    assert OutreachEvent.objects.get().girls == 0  # a count below zero reads as zero, as the page always did
