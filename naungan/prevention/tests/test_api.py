"""Prevention JSON API: scope per role (404 outside), validation, audit, versions, identities."""

from datetime import date

import pytest

from naungan.audit.models import AuditEvent
from naungan.prevention import services as S
from naungan.prevention.models import FamilyVisit, OutreachEvent, PerkasaStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(pasuruan, blitar):
    sup = pasuruan.users["supervisor"]
    k0, k1, k5 = (pasuruan.kelurahan[i].code for i in (0, 1, 5))
    ev0 = S.event_record(actor=sup, city_code="35.75", kelurahan=k0, on=date(2026, 3, 1), organiser=pasuruan.orgs["dinas"], topic="perundungan", girls=4)
    ev5 = S.event_record(actor=sup, city_code="35.75", kelurahan=k5, on=date(2026, 4, 1), organiser=pasuruan.orgs["dinas"], topic="perkawinan_anak")
    forum = S.forum_create(actor=sup, city_code="35.75", level="kelurahan", region_code=k0, name="Forum Anak K0")
    group = S.group_create(actor=sup, city_code="35.75", kelurahan=k1, kind="patbm", name="PATBM RW 02")
    fam = S.family_register(actor=sup, city_code="35.75", kelurahan=k0, head_name="Bapak Suparman", address="Jl. Mawar 1", risks=["kemiskinan"])
    fam5 = S.family_register(actor=sup, city_code="35.75", kelurahan=k5, head_name="Ibu Warsini", risks=["kemiskinan"])
    member = S.perkasa_register(actor=sup, city_code="35.75", kelurahan=k0, name="Ibu Rahmawati", nik="3575014503800002", income_band="lt1")
    other = S.event_record(actor=blitar.users["supervisor"], city_code="35.72", kelurahan=blitar.kelurahan[0].code, on=date(2026, 3, 1),
                           organiser=blitar.orgs["dinas"], topic="perundungan")
    return {"ev0": ev0, "ev5": ev5, "forum": forum, "group": group, "fam": fam, "fam5": fam5, "member": member, "other": other,
            "k0": k0, "k1": k1, "k5": k5}


def test_supervisor_lists_events_with_filters_and_cursor(pasuruan, world, login):
    c = login(pasuruan.users["supervisor"])
    body = c.get("/api/v1/prevention/events/").json()
    assert [r["id"] for r in body["results"]] == [world["ev5"].pk, world["ev0"].pk]  # newest date first, other city absent
    assert body["next"] is None
    assert [r["id"] for r in c.get("/api/v1/prevention/events/?topic=perundungan").json()["results"]] == [world["ev0"].pk]
    assert [r["id"] for r in c.get("/api/v1/prevention/events/?date_from=2026-03-15").json()["results"]] == [world["ev5"].pk]
    first = c.get("/api/v1/prevention/events/?limit=1").json()
    assert [r["id"] for r in first["results"]] == [world["ev5"].pk] and first["next"]
    second = c.get(first["next"]).json()  # `next` is the URL of the next page (core KeysetPagination)
    assert [r["id"] for r in second["results"]] == [world["ev0"].pk] and second["next"] is None
    bad = c.get("/api/v1/prevention/events/?date_from=kemarin")
    assert bad.status_code == 400 and "Tanggal tidak valid" in bad.json()["date_from"][0]  # a field error of the EventFilter


def test_event_list_query_count_is_constant(pasuruan, world, login, django_assert_max_num_queries):
    c = login(pasuruan.users["supervisor"])
    with django_assert_max_num_queries(20) as ctx:
        c.get("/api/v1/prevention/events/")
    n = len(ctx.captured_queries)
    for i in range(6):
        S.event_record(actor=pasuruan.users["supervisor"], city_code="35.75", kelurahan=pasuruan.kelurahan[i].code, on=date(2026, 5, 1),
                       organiser=pasuruan.orgs["dinas"], topic="perundungan", partners=[pasuruan.orgs["dinas"]])
    with django_assert_max_num_queries(n):
        assert len(c.get("/api/v1/prevention/events/").json()["results"]) == 8
    with django_assert_max_num_queries(20) as ctx:
        c.get("/api/v1/prevention/families/")
    n = len(ctx.captured_queries)
    for i in range(4):
        S.family_register(actor=pasuruan.users["supervisor"], city_code="35.75", kelurahan=pasuruan.kelurahan[i].code, head_name=f"K{i}", risks=["kemiskinan"])
    with django_assert_max_num_queries(n):
        assert len(c.get("/api/v1/prevention/families/").json()["results"]) == 6


def test_ppt_officer_sees_only_own_kelurahan_and_gets_404_elsewhere(pasuruan, world, login):
    c = login(pasuruan.users["ppt_0"])
    assert [r["id"] for r in c.get("/api/v1/prevention/events/").json()["results"]] == [world["ev0"].pk]
    assert c.get(f"/api/v1/prevention/events/{world['ev5'].pk}/").status_code == 404
    assert c.get(f"/api/v1/prevention/families/{world['fam5'].pk}/").status_code == 404
    assert c.patch(f"/api/v1/prevention/families/{world['fam5'].pk}/", {"version": 1, "rw": "01"}, content_type="application/json").status_code == 404
    assert c.post(f"/api/v1/prevention/families/{world['fam5'].pk}/visits/", {"date": "2026-06-01"}, content_type="application/json").status_code == 404
    assert c.get(f"/api/v1/prevention/events/{world['other'].pk}/").status_code == 404


def test_other_city_and_roles_without_prevention_scope_are_refused(pasuruan, blitar, world, login):
    c = login(blitar.users["supervisor"])
    for url in (f"/api/v1/prevention/events/{world['ev0'].pk}/", f"/api/v1/prevention/forums/{world['forum'].pk}/",
                f"/api/v1/prevention/groups/{world['group'].pk}/", f"/api/v1/prevention/families/{world['fam'].pk}/",
                f"/api/v1/prevention/perkasa/{world['member'].pk}/"):
        assert c.get(url).status_code == 404, url
        assert c.patch(url, {"version": 1, "name": "x"}, content_type="application/json").status_code == 404, url
    assert [r["id"] for r in c.get("/api/v1/prevention/events/").json()["results"]] == [world["other"].pk]
    police = login(pasuruan.users["partner_police"])
    for url in ("/api/v1/prevention/events/", "/api/v1/prevention/families/", "/api/v1/prevention/perkasa/"):
        assert police.get(url).status_code == 404, url
    c.logout()
    assert c.get("/api/v1/prevention/events/").status_code in (401, 403)


def test_create_validates_and_audits(pasuruan, world, login):
    c = login(pasuruan.users["satgas_0"])
    ok = c.post("/api/v1/prevention/events/", {"kelurahan": world["k0"], "date": "2026-06-02", "organiser": pasuruan.orgs["dinas"].pk,
                                               "topic": "perundungan", "girls": 5, "boys": 6}, content_type="application/json")
    assert ok.status_code == 201, ok.content
    assert ok.json()["attendance"] == 11 and ok.json()["kecamatan"] == pasuruan.kelurahan[0].parent_id
    assert AuditEvent.objects.filter(action="outreach.record", object_id=str(ok.json()["id"])).exists()
    elsewhere = c.post("/api/v1/prevention/events/", {"kelurahan": world["k5"], "date": "2026-06-02", "organiser": pasuruan.orgs["dinas"].pk,
                                                      "topic": "perundungan"}, content_type="application/json")
    assert elsewhere.status_code == 400 and elsewhere.json()["detail"] == S.NOT_ALLOWED
    bad_topic = c.post("/api/v1/prevention/events/", {"kelurahan": world["k0"], "date": "2026-06-02", "organiser": pasuruan.orgs["dinas"].pk,
                                                      "topic": "x"}, content_type="application/json")
    assert bad_topic.status_code == 400 and "topik" in bad_topic.json()["detail"]
    negative = c.post("/api/v1/prevention/events/", {"kelurahan": world["k0"], "date": "2026-06-02", "organiser": pasuruan.orgs["dinas"].pk,
                                                     "topic": "perundungan", "girls": -1}, content_type="application/json")
    assert negative.status_code == 400 and "girls" in negative.json()
    assert OutreachEvent.objects.filter(city_id="35.75").count() == 3
    analyst = login(pasuruan.users["analyst"])
    refused = analyst.post("/api/v1/prevention/groups/", {"kelurahan": world["k0"], "kind": "patbm", "name": "X"}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["detail"] == S.NOT_ALLOWED


def test_forum_members_are_initials_only_and_activities_recorded(pasuruan, world, login):
    c = login(pasuruan.users["supervisor"])
    url = f"/api/v1/prevention/forums/{world['forum'].pk}/"
    full_name = c.post(url + "members/", {"initials": "Siti Amin", "birth_year": 2012, "sex": "P"}, content_type="application/json")
    assert full_name.status_code == 400 and full_name.json()["detail"] == S.INITIALS_ONLY
    assert c.post(url + "members/", {"initials": "S.A.", "birth_year": 2012, "sex": "P"}, content_type="application/json").status_code == 201
    assert c.post(url + "activities/", {"date": "2026-05-01", "title": "Musrenbang", "participants": 9, "in_musrenbang": True},
                  content_type="application/json").status_code == 201
    detail = c.get(url).json()
    assert [m["initials"] for m in detail["members"]] == ["S.A."] and detail["activities"][0]["in_musrenbang"] is True
    assert c.get("/api/v1/prevention/forums/?level=kecamatan").json()["results"] == []


def test_update_with_version_and_conflict_shows_both_values(pasuruan, world, login):
    c = login(pasuruan.users["supervisor"])
    url = f"/api/v1/prevention/groups/{world['group'].pk}/"
    assert c.patch(url, {"members_count": 12}, content_type="application/json").status_code == 400  # version required
    ok = c.patch(url, {"version": 1, "members_count": 12, "rw": "02"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["members_count"] == 12 and ok.json()["version"] == 2
    ev = AuditEvent.objects.filter(action="group.update").latest("pk")
    assert ev.changes["members_count"] == [0, 12]
    stale = c.patch(url, {"version": 1, "members_count": 15}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["changes"]["members_count"] == [15, 12]
    assert c.get(url).json()["members_count"] == 12
    outside = c.patch(url, {"version": 2, "kelurahan": pasuruan.kelurahan[0].code.replace("35.75", "35.72")}, content_type="application/json")
    assert outside.status_code == 400


def test_family_identity_masked_for_analyst_and_views_audited(pasuruan, world, login):
    url = f"/api/v1/prevention/families/{world['fam'].pk}/"
    sup = login(pasuruan.users["supervisor"]).get(url).json()
    assert sup["head_name"] == "Bapak Suparman" and sup["identity_hidden"] is False
    analyst = login(pasuruan.users["analyst"])
    body = analyst.get(url).json()
    assert body["head_name"] == "•••" and body["address"] == "•••" and body["identity_hidden"] is True and body["visits"] == []
    assert "Suparman" not in analyst.get("/api/v1/prevention/families/").content.decode()
    assert "Rahmawati" not in analyst.get("/api/v1/prevention/perkasa/").content.decode()
    assert "3575014503800002" not in analyst.get(f"/api/v1/prevention/perkasa/{world['member'].pk}/").content.decode()
    views = AuditEvent.objects.filter(action="family.view", object_id=str(world["fam"].pk))
    assert views.count() == 2 and views.filter(actor=pasuruan.users["analyst"], changes__identity_shown=[None, False]).exists()
    assert AuditEvent.objects.filter(action="family.list_view", actor=pasuruan.users["analyst"]).exists()


def test_family_update_visit_and_sealed_audit(pasuruan, world, login):
    c = login(pasuruan.users["satgas_0"])
    url = f"/api/v1/prevention/families/{world['fam'].pk}/"
    r = c.patch(url, {"version": 1, "head_name": "Bapak Suparman Hadi", "risks": ["kemiskinan", "anak_mengemis"], "status": "selesai"},
                content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["risks"] == ["anak_mengemis", "kemiskinan"] and r.json()["status"] == "selesai"
    ev = AuditEvent.objects.filter(action="family.update").latest("pk")
    assert "Suparman" not in str(ev.changes) and ev.changes["risks"] == [["kemiskinan"], ["anak_mengemis", "kemiskinan"]]
    visit = c.post(url + "visits/", {"date": "2026-06-03", "notes": "Anak sudah kembali sekolah"}, content_type="application/json")
    assert visit.status_code == 201 and FamilyVisit.objects.filter(family=world["fam"]).count() == 1
    assert c.get(url).json()["visits"][0]["notes"] == "Anak sudah kembali sekolah"
    bad = c.patch(url, {"version": 2, "status": "hilang"}, content_type="application/json")
    assert bad.status_code == 400


def test_perkasa_create_update_status_history_and_duplicate_nik(pasuruan, world, login):
    c = login(pasuruan.users["supervisor"])
    dup = c.post("/api/v1/prevention/perkasa/", {"kelurahan": world["k0"], "name": "Ibu Lain", "nik": "3575014503800002", "income_band": "lt1"},
                 content_type="application/json")
    assert dup.status_code == 400 and dup.json()["detail"] == S.DUPLICATE_NIK
    url = f"/api/v1/prevention/perkasa/{world['member'].pk}/"
    r = c.patch(url, {"version": 1, "status": "sejahtera", "employed": True}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "sejahtera" and r.json()["employed"] is True
    assert list(PerkasaStatus.objects.filter(member=world["member"]).values_list("status", flat=True)) == ["rentan", "sejahtera"]
    prog = c.post(url + "programmes/", {"programme": "pelatihan", "date": "2026-06-01"}, content_type="application/json")
    assert prog.status_code == 201 and prog.json()["programmes"][0]["programme"] == "pelatihan"
    assert [m["id"] for m in c.get("/api/v1/prevention/perkasa/?status=sejahtera").json()["results"]] == [world["member"].pk]
    assert c.get("/api/v1/prevention/perkasa/?status=rentan").json()["results"] == []


def test_openapi_schema_documents_the_prevention_api(pasuruan, login):
    schema = login(pasuruan.users["supervisor"]).get("/api/schema/?format=json").json()
    for p in ("/api/v1/prevention/events/", "/api/v1/prevention/events/{id}/", "/api/v1/prevention/families/{id}/visits/",
              "/api/v1/prevention/perkasa/{id}/", "/api/v1/prevention/forums/{id}/members/", "/api/v1/prevention/groups/"):
        assert p in schema["paths"], p
    assert "patch" in schema["paths"]["/api/v1/prevention/perkasa/{id}/"]
