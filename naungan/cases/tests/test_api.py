import pytest
from rest_framework.test import APIClient

from naungan.audit.models import AuditEvent
from naungan.cases.models import Case

pytestmark = pytest.mark.django_db


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def payload(pasuruan, **kw):
    data = {
        "city_code": "35.75", "channel": "telepon", "kelurahan": pasuruan.kelurahan[0].code, "incident_date": "2026-10-01",
        "place": "rumah_tangga", "forms": ["fisik"], "chronology": "Dipukul",
        "persons": [{"role": "victim", "name": "Dewi Lestari", "sex": "P", "estimated_age": 12},
                    {"role": "reporter", "name": "Pak RT Joko", "phone": "081299998888"}],
    }
    data.update(kw)
    return data


def test_register_read_update_and_transition_through_the_api(pasuruan):
    c = api(pasuruan.users["case_manager"])
    r = c.post("/api/v1/cases/", payload(pasuruan), format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    pk, version = body["id"], body["version"]
    assert body["number"].startswith("35.75-") and body["persons"][0]["is_child"] is True
    r = c.patch(f"/api/v1/cases/{pk}/", {"version": version, "place": "sekolah"}, format="json")
    assert r.status_code == 200 and r.json()["place"] == "sekolah"
    r = c.patch(f"/api/v1/cases/{pk}/", {"version": version, "place": "lainnya"}, format="json")
    assert r.status_code == 409 and r.json()["changes"] == {"place": ["lainnya", "sekolah"]}
    assert c.post(f"/api/v1/cases/{pk}/transition/", {"to": "assessment"}, format="json").status_code == 400
    assert c.post(f"/api/v1/cases/{pk}/triage/", {"risk": "tinggi", "case_type": "kekerasan_anak"}, format="json").status_code == 200
    r = c.post(f"/api/v1/cases/{pk}/transition/", {"to": "assessment"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "assessment"
    r = c.post(f"/api/v1/cases/{pk}/transition/", {"to": "closed"}, format="json")
    assert r.status_code == 400 and "disetujui supervisor" in r.json()["detail"]
    assert c.post(f"/api/v1/cases/{pk}/notes/", {"body": "Kunjungan rumah"}, format="json").status_code == 201
    assert any(e["body"] == "Kunjungan rumah" for e in c.get(f"/api/v1/cases/{pk}/notes/").json())


def test_bad_input_gets_a_clear_400(pasuruan):
    c = api(pasuruan.users["case_manager"])
    r = c.post("/api/v1/cases/", payload(pasuruan, forms=["bukan_bentuk"]), format="json")
    assert r.status_code == 400 and "tidak dikenal" in r.json()["detail"]
    r = c.post("/api/v1/cases/", payload(pasuruan, persons=[{"role": "victim", "nik": "12"}]), format="json")
    assert r.status_code == 400 and "NIK" in r.json()["detail"]
    assert Case.objects.count() == 0


def test_case_detail_view_is_audited(pasuruan, make_case):
    case = make_case()
    api(pasuruan.users["supervisor"]).get(f"/api/v1/cases/{case.pk}/")
    assert AuditEvent.objects.filter(action="case.view", object_id=str(case.pk), actor=pasuruan.users["supervisor"]).exists()


@pytest.mark.parametrize("key", ["ppt_1", "satgas_0", "admin", "analyst", "auditor", "partner_police", "community"])
def test_out_of_scope_users_get_404_on_every_case_endpoint(pasuruan, make_case, key):
    case = make_case()
    c = api(pasuruan.users[key])
    for url in [f"/api/v1/cases/{case.pk}/", f"/api/v1/cases/{case.pk}/persons/", f"/api/v1/cases/{case.pk}/notes/"]:
        assert c.get(url).status_code == 404, url
    for url, data in [(f"/api/v1/cases/{case.pk}/triage/", {"risk": "tinggi"}), (f"/api/v1/cases/{case.pk}/notes/", {"body": "x"}),
                      (f"/api/v1/cases/{case.pk}/transition/", {"to": "triaged"}), (f"/api/v1/cases/{case.pk}/reopen/", {"reason": "x"})]:
        assert c.post(url, data, format="json").status_code == 404, url
    assert c.patch(f"/api/v1/cases/{case.pk}/", {"version": 1, "place": "sekolah"}, format="json").status_code == 404
    assert c.get("/api/v1/cases/").json()["results"] == []
    assert c.post("/api/v1/cases/search/", {"q": "Siti"}, format="json").json()["results"] == []


def test_other_city_gets_404(pasuruan, blitar, make_case):
    case = make_case()
    assert api(blitar.users["supervisor"]).get(f"/api/v1/cases/{case.pk}/").status_code == 404


def test_reporter_identity_is_hidden_from_ppt_but_not_from_case_manager(pasuruan, make_case):
    case = make_case(persons=[{"role": "victim", "name": "Korban A"}, {"role": "reporter", "name": "Pelapor Rahasia", "phone": "081233334444"}])
    ppt = api(pasuruan.users["ppt_0"]).get(f"/api/v1/cases/{case.pk}/").json()
    reporter = next(p for p in ppt["persons"] if p["role"] == "reporter")
    assert reporter["name"] == "" and reporter["phone"] == "" and reporter["identity_hidden"]
    cm = api(pasuruan.users["case_manager"]).get(f"/api/v1/cases/{case.pk}/").json()
    assert next(p for p in cm["persons"] if p["role"] == "reporter")["name"] == "Pelapor Rahasia"


def test_search_and_duplicates_are_posted_and_scoped(pasuruan, make_case):
    case = make_case()
    c = api(pasuruan.users["case_manager"])
    assert [x["id"] for x in c.post("/api/v1/cases/search/", {"q": "3575014503140001"}, format="json").json()["results"]] == [case.pk]
    hits = c.post("/api/v1/cases/duplicates/", {"phone": "+62 812-3456-7890"}, format="json").json()
    assert [h["id"] for h in hits] == [case.pk]
    assert api(pasuruan.users["ppt_1"]).post("/api/v1/cases/duplicates/", {"phone": "081234567890"}, format="json").json() == []


def test_list_filters_and_constant_query_count(pasuruan, make_case, django_assert_max_num_queries):
    for i in range(3):
        make_case(kel_index=i, place="sekolah" if i == 0 else "rumah_tangga")
    c = api(pasuruan.users["supervisor"])
    assert len(c.get("/api/v1/cases/?place=sekolah").json()["results"]) == 1
    with django_assert_max_num_queries(8) as ctx:
        c.get("/api/v1/cases/")
    small = len(ctx.captured_queries)
    for i in range(10):
        make_case(kel_index=i)
    with django_assert_max_num_queries(small):
        assert len(c.get("/api/v1/cases/").json()["results"]) == 13


def test_closure_approval_via_api_by_supervisor_only(pasuruan, make_case):
    case = make_case()
    cm, sup = api(pasuruan.users["case_manager"]), api(pasuruan.users["supervisor"])
    assert cm.post(f"/api/v1/cases/{case.pk}/closure/request/", {"reason": "selesai_layanan"}, format="json").status_code == 200
    assert cm.post(f"/api/v1/cases/{case.pk}/closure/approve/", {}, format="json").status_code == 400
    r = sup.post(f"/api/v1/cases/{case.pk}/closure/approve/", {}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "closed"


def test_schema_documents_the_case_endpoints(pasuruan, client):
    client.force_login(pasuruan.users["case_manager"])
    schema = client.get("/api/schema/").content.decode()
    for p in ["/api/v1/cases/", "/api/v1/cases/{id}/", "/api/v1/cases/{id}/transition/", "/api/v1/cases/duplicates/"]:
        assert p in schema, p


def test_each_role_sees_exactly_its_cases_through_the_api(pasuruan, blitar, make_case):
    from naungan.cases.services import case_assign

    kel0, kel5 = make_case(kel_index=0), make_case(kel_index=5)
    case_assign(actor=pasuruan.users["supervisor"], case=kel5, satgas_assignee=pasuruan.users["satgas_1"])
    expected = {"supervisor": {kel0.pk, kel5.pk}, "case_manager": {kel0.pk, kel5.pk}, "ppt_0": {kel0.pk}, "ppt_1": set(),
                "satgas_0": set(), "satgas_1": {kel5.pk}, "admin": set(), "analyst": set(), "auditor": set(),
                "partner_police": set(), "partner_social": set(), "community": set()}
    for key, ids in expected.items():
        c = api(pasuruan.users[key])
        assert {x["id"] for x in c.get("/api/v1/cases/").json()["results"]} == ids, key
        for case in (kel0, kel5):
            assert c.get(f"/api/v1/cases/{case.pk}/").status_code == (200 if case.pk in ids else 404), key
    for key in blitar.users:
        assert api(blitar.users[key]).get(f"/api/v1/cases/{kel0.pk}/").status_code == 404, key


def test_stale_person_edit_gets_409(pasuruan, make_case):
    case = make_case()
    c = api(pasuruan.users["case_manager"])
    person = c.get(f"/api/v1/cases/{case.pk}/persons/").json()[0]
    url = f"/api/v1/cases/{case.pk}/persons/{person['id']}/"
    assert c.patch(url, {"version": person["version"], "occupation": "pelajar"}, format="json").status_code == 200
    r = c.patch(url, {"version": person["version"], "occupation": "buruh"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "conflict"
    assert c.patch(url, {"occupation": "buruh"}, format="json").status_code == 400


def test_patch_without_version_is_refused(pasuruan, make_case):
    case = make_case()
    r = api(pasuruan.users["case_manager"]).patch(f"/api/v1/cases/{case.pk}/", {"place": "sekolah"}, format="json")
    assert r.status_code == 400 and "version" in r.json()
    assert Case.objects.get(pk=case.pk).place == "rumah_tangga"


def test_identities_never_travel_in_urls_the_search_endpoints_refuse_get(pasuruan):
    c = api(pasuruan.users["case_manager"])
    assert c.get("/api/v1/cases/search/?q=3575014503140001").status_code == 405
    assert c.get("/api/v1/cases/duplicates/?nik=3575014503140001").status_code == 405


def test_triage_assign_and_first_response_through_the_api(pasuruan, make_case):
    case = make_case()
    sup = api(pasuruan.users["supervisor"])
    r = sup.post(f"/api/v1/cases/{case.pk}/triage/", {"risk": "sedang", "case_type": "kdrt", "authority": "kota"}, format="json")
    assert r.status_code == 200 and r.json()["risk"] == "sedang" and r.json()["respond_by"]
    r = sup.post(f"/api/v1/cases/{case.pk}/assign/", {"assigned_to": pasuruan.users["case_manager"].pk}, format="json")
    assert r.status_code == 200 and r.json()["assigned_to"] == pasuruan.users["case_manager"].username
    r = sup.post(f"/api/v1/cases/{case.pk}/assign/", {"assigned_to": pasuruan.users["analyst"].pk}, format="json")
    assert r.status_code == 400
    assert sup.post(f"/api/v1/cases/{case.pk}/first-response/", {}, format="json").json()["first_response_at"]
    cm = api(pasuruan.users["case_manager"])
    assert [x["id"] for x in cm.get("/api/v1/cases/?assigned_to_me=1").json()["results"]] == [case.pk]
    assert AuditEvent.objects.filter(action="case.assign", object_id=str(case.pk)).count() == 1


def test_reopen_needs_a_reason_through_the_api(pasuruan, make_case):
    case = make_case()
    cm, sup = api(pasuruan.users["case_manager"]), api(pasuruan.users["supervisor"])
    cm.post(f"/api/v1/cases/{case.pk}/closure/request/", {"reason": "selesai_layanan"}, format="json")
    sup.post(f"/api/v1/cases/{case.pk}/closure/approve/", {}, format="json")
    assert cm.post(f"/api/v1/cases/{case.pk}/reopen/", {"reason": ""}, format="json").status_code == 400
    r = cm.post(f"/api/v1/cases/{case.pk}/reopen/", {"reason": "Korban melapor lagi"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "assessment"
