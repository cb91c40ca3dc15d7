"""Prevention pages beyond the lists: the forms of the forum, group, family and PERKASA pages,
the filters, the exports of every register, and refusals shown as messages (never a 500)."""

from datetime import date

import pytest
from django.utils import timezone

from naungan.accounts.roles import OrgKind
from naungan.audit.models import AuditEvent
from naungan.prevention import selectors as Q
from naungan.prevention.models import Activity, FamilySupport, FamilyVisit, ForumMember, PerkasaProgramme, PerkasaStatus
from naungan.prevention.tests.factories import EventFactory, FamilyFactory, ForumFactory, GroupFactory, PerkasaFactory

pytestmark = pytest.mark.django_db


def last_message(response) -> str:
    """The message the page showed for the last form sent (earlier ones wait in the session)."""
    return [str(m) for m in response.context["messages"]][-1]


def test_forum_page_creates_a_forum_its_members_by_initials_and_activities(pasuruan, login):
    c = login(pasuruan.users["supervisor"])
    r = c.post("/pencegahan/forum-anak/", {"form": "forum", "level": "kota", "region": "35.75", "name": "Forum Anak Kota Pasuruan",
                                          "established": "2020-07-23"}, follow=True)
    assert last_message(r) == "Tersimpan."
    forum = Q.forums_visible_to(pasuruan.users["supervisor"]).get()
    assert (forum.level, forum.region_id, forum.established) == ("kota", "35.75", date(2020, 7, 23))
    r = c.post("/pencegahan/forum-anak/", {"form": "anggota", "forum": forum.pk, "initials": "a.r.", "birth_year": "2012", "sex": "P"}, follow=True)
    assert ForumMember.objects.get(forum=forum).initials == "A.R."
    r = c.post("/pencegahan/forum-anak/", {"form": "anggota", "forum": forum.pk, "initials": "Anisa Rahma", "birth_year": "2012", "sex": "P"}, follow=True)
    assert "inisial" in last_message(r) and ForumMember.objects.count() == 1
    c.post("/pencegahan/forum-anak/", {"form": "kegiatan", "forum": forum.pk, "date": "2026-05-02", "title": "Musrenbang kelurahan",
                                      "participants": "-3", "in_musrenbang": "1"})
    act = Activity.objects.get(forum=forum)
    assert (act.participants, act.in_musrenbang, act.date) == (0, True, date(2026, 5, 2))
    rows = c.get("/pencegahan/forum-anak/?unduh=csv").content.decode("utf-8-sig").splitlines()
    assert rows[1].startswith("Forum Anak Kota Pasuruan,") and rows[1].endswith(",1,1")
    r = c.post("/pencegahan/forum-anak/", {"form": "forum", "level": "kota", "region": "35.72", "name": "Forum lain"}, follow=True)
    assert r.status_code == 200 and Q.forums_visible_to(pasuruan.users["supervisor"]).count() == 1 and last_message(r) != "Tersimpan."


def test_a_forum_of_another_city_cannot_be_written_to(pasuruan, blitar, login):
    other = ForumFactory(city_code="35.72")
    c = login(pasuruan.users["supervisor"])
    assert c.post("/pencegahan/forum-anak/", {"form": "anggota", "forum": other.pk, "initials": "AR", "birth_year": "2012", "sex": "P"}).status_code == 404
    assert c.post("/pencegahan/forum-anak/", {"form": "kegiatan", "forum": other.pk, "title": "x"}).status_code == 404
    assert c.post("/pencegahan/forum-anak/", {"form": "kegiatan", "forum": "", "title": "x"}).status_code == 404
    assert not ForumMember.objects.exists() and not Activity.objects.exists()


def test_group_page_creates_groups_and_their_activities_and_exports(pasuruan, login):
    c = login(pasuruan.users["ppt_0"])
    kel = pasuruan.kelurahan[0].code
    r = c.post("/pencegahan/kelompok/", {"kelurahan": kel, "kind": "patbm", "name": "PATBM RW 03", "rw": "003", "rt": "0071",
                                        "members_count": "12"}, follow=True)
    assert last_message(r) == "Tersimpan."
    group = Q.groups_visible_to(pasuruan.users["ppt_0"]).get()
    assert (group.rw, group.rt, group.members_count) == ("003", "007", 12)
    c.post("/pencegahan/kelompok/", {"form": "kegiatan", "group": group.pk, "date": "2026-08-17", "title": "Lomba anak", "participants": "40"})
    assert Activity.objects.get(group=group).participants == 40
    r = c.post("/pencegahan/kelompok/", {"kelurahan": kel, "kind": "arisan", "name": "X"}, follow=True)
    assert "jenis" in last_message(r)
    r = c.post("/pencegahan/kelompok/", {"kelurahan": kel, "kind": "patbm", "name": "  "}, follow=True)
    assert last_message(r) != "Tersimpan."
    x = c.get("/pencegahan/kelompok/?unduh=xlsx")
    assert x.content[:2] == b"PK" and x["Content-Disposition"] == 'attachment; filename="kelompok-masyarakat.xlsx"'
    assert AuditEvent.objects.filter(action="prevention.export", object_id="kelompok-masyarakat").exists()


def test_event_page_filters_by_kecamatan_and_dates_and_says_when_a_date_is_wrong(pasuruan, login):
    k0, last = pasuruan.kelurahan[0], pasuruan.kelurahan[-1]  # first and last kecamatan
    EventFactory(kelurahan=k0.code, on=date(2026, 3, 1), girls=2)
    EventFactory(kelurahan=last.code, on=date(2026, 4, 1), topic="hak_anak", girls=5)
    c = login(pasuruan.users["supervisor"])
    assert k0.parent_id != last.parent_id
    r = c.get("/pencegahan/sosialisasi/", {"kecamatan": k0.parent_id})
    assert [row[0] for row in r.context["rows"]] == ["2026-03-01"]
    r = c.get("/pencegahan/sosialisasi/", {"date_from": "2026-03-15", "date_to": "2026-12-31"})
    assert [row[0] for row in r.context["rows"]] == ["2026-04-01"] and r.context["att"]["girls"] == 5
    r = c.get("/pencegahan/sosialisasi/", {"date_from": "kemarin"})
    assert r.status_code == 200 and last_message(r).startswith("Tanggal tidak valid") and len(r.context["rows"]) == 2
    r = c.post("/pencegahan/sosialisasi/", {"date": "1 Maret", "kelurahan": k0.code, "topic": "hak_anak", "organiser": pasuruan.orgs["dinas"].pk},
               follow=True)
    assert last_message(r).startswith("Tanggal tidak valid")
    assert c.post("/pencegahan/sosialisasi/", {"kelurahan": k0.code, "topic": "hak_anak", "organiser": "0"}).status_code == 404


def test_family_page_records_visits_support_and_status_and_filters(pasuruan, login):
    fam = FamilyFactory(risks=["kemiskinan", "anak_bekerja"])
    FamilyFactory(head_name="Ibu Warsini", risks=["putus_sekolah"])
    c = login(pasuruan.users["satgas_0"])
    url = f"/pencegahan/keluarga/{fam.pk}/"
    c.post(url, {"form": "kunjungan", "date": "2026-06-01", "notes": "Anak sudah kembali sekolah."})
    c.post(url, {"form": "dukungan", "kind": "psikososial", "agency": pasuruan.orgs[OrgKind.DINAS_SOSIAL].pk, "date": "2026-06-02"})
    r = c.post(url, {"form": "dukungan", "kind": "tidak_ada", "agency": pasuruan.orgs[OrgKind.DINAS_SOSIAL].pk}, follow=True)
    assert last_message(r) != "Tersimpan."
    c.post(url, {"form": "status", "status": "membaik"})
    assert FamilyVisit.objects.get(family=fam).notes == "Anak sudah kembali sekolah."
    assert FamilySupport.objects.get(family=fam).kind == "psikososial"
    fam.refresh_from_db()
    assert fam.status == "membaik"
    assert c.post(url, {"form": "dukungan", "kind": "psikososial", "agency": "0"}).status_code == 404
    body = c.get(url).content.decode()
    assert "Anak sudah kembali sekolah." in body and "Dukungan psikososial" in body and "Membaik" in body
    sup = login(pasuruan.users["supervisor"])
    assert [f.pk for f, _row in sup.get("/pencegahan/keluarga/", {"risiko": "anak_bekerja"}).context["rows"]] == [fam.pk]
    assert [f.pk for f, _row in sup.get("/pencegahan/keluarga/", {"status": "membaik"}).context["rows"]] == [fam.pk]
    assert AuditEvent.objects.filter(action="family.view", object_id=str(fam.pk)).exists()


def test_the_analyst_sees_a_family_without_its_visits(pasuruan, login):
    fam = FamilyFactory()
    FamilyVisit.objects.create(family=fam, date=date(2026, 6, 1), by=pasuruan.users["satgas_0"], notes="Catatan kunjungan rahasia")
    body = login(pasuruan.users["analyst"]).get(f"/pencegahan/keluarga/{fam.pk}/").content.decode()
    assert "Catatan kunjungan rahasia" not in body and "Suparman" not in body


def test_perkasa_page_registers_members_programmes_and_status_with_history(pasuruan, login):
    c = login(pasuruan.users["supervisor"])
    kel = pasuruan.kelurahan[2].code
    r = c.post("/pencegahan/perkasa/", {"kelurahan": kel, "name": "Ibu Sulastri", "nik": "3575014503800009", "dependants": "3",
                                       "income_band": "1to2", "employed": "on"}, follow=True)
    assert last_message(r) == "Tersimpan."
    member = Q.perkasa_visible_to(pasuruan.users["supervisor"]).get()
    assert (member.dependants, member.income_band, member.employed, member.status) == (3, "1to2", True, "rentan")
    c.post("/pencegahan/perkasa/", {"form": "program", "member": member.pk, "programme": "modal_usaha", "date": "2026-02-01"})
    c.post("/pencegahan/perkasa/", {"form": "status", "member": member.pk, "status": "berkembang", "date": "2026-09-01"})
    assert list(PerkasaProgramme.objects.filter(member=member).values_list("programme", flat=True)) == ["modal_usaha"]
    assert list(PerkasaStatus.objects.filter(member=member).order_by("pk").values_list("status", "date")) == [
        ("rentan", timezone.localdate()), ("berkembang", date(2026, 9, 1))]
    r = c.post("/pencegahan/perkasa/", {"kelurahan": kel, "name": "Ibu Lain", "income_band": "banyak"}, follow=True)
    assert "penghasilan" in last_message(r)
    PerkasaFactory(name="Ibu Rahmawati")
    rows = c.get("/pencegahan/perkasa/", {"status": "berkembang"}).context["rows"]
    assert [m.pk for m, _row in rows] == [member.pk] and rows[0][1][5] == "Bantuan modal usaha"
    csv = c.get("/pencegahan/perkasa/?unduh=csv").content.decode("utf-8-sig")
    assert "Ibu Sulastri" in csv and "Ibu Rahmawati" in csv


def test_overview_counts_what_the_user_may_see(pasuruan, blitar, login):
    EventFactory(girls=3, boys=4, on=timezone.localdate())
    GroupFactory()
    FamilyFactory()
    PerkasaFactory()
    ForumFactory()
    EventFactory(city_code="35.72", girls=50, on=timezone.localdate())
    ctx = login(pasuruan.users["supervisor"]).get("/pencegahan/").context
    assert (ctx["forums"], ctx["groups"], ctx["families"], ctx["perkasa"]) == (1, 1, 1, 1)
    assert ctx["att"]["girls"] == 3 and ctx["att"]["boys"] == 4
