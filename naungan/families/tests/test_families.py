from datetime import date

import pytest
from django.http import Http404
from django.utils import timezone

from naungan.audit.models import AuditEvent
from naungan.cases.services import case_register
from naungan.core.errors import DomainError
from naungan.families import services as S
from naungan.families.models import Family, FamilyCase
from naungan.prevention import services as P
from naungan.services import services as SV

pytestmark = pytest.mark.django_db


def register(world, name, kel=0, actor=None, **kw):
    return case_register(actor=actor or world.users["case_manager"], city_code=world.city.code, channel="datang_uptd",
                         persons=[{"role": "victim", "name": name, "sex": "P", "estimated_age": 9}], kelurahan_code=world.kelurahan[kel].code,
                         place="rumah_tangga", forms=["fisik"], received_at=timezone.now(), **kw)


@pytest.fixture
def household(pasuruan):
    """Two sisters: one case of kelurahan 0 (seen by ppt_0), one of kelurahan 1 (not seen by ppt_0)."""
    cm = pasuruan.users["case_manager"]
    a, b = register(pasuruan, "Ani Lestari", kel=0), register(pasuruan, "Bunga Lestari", kel=1)
    family = S.family_create(actor=cm, case=a, kind="saudara_kandung", relation="kakak")
    S.family_add_case(actor=cm, family=family, case=b, relation="adik")
    return family, a, b


def test_case_page_shows_the_familys_other_cases_the_viewer_may_see(pasuruan, household, login):
    family, a, b = household
    body = login(pasuruan.users["case_manager"]).get(f"/kasus/{a.pk}/").content.decode()
    assert f"/keluarga/{family.pk}/" in body and b.number in body
    # a PPT officer of kelurahan 0 sees case a but not b: b is a count, not a number
    body = login(pasuruan.users["ppt_0"]).get(f"/kasus/{a.pk}/").content.decode()
    assert b.number not in body and "1 kasus lain di luar cakupan Anda" in body


def test_family_view_lists_members_cases_services_and_support(pasuruan, household, login):
    family, a, b = household
    sup = pasuruan.users["supervisor"]
    acc = P.family_register(actor=sup, city_code="35.75", kelurahan=pasuruan.kelurahan[0].code, head_name="Ibu Sri", risks=["kemiskinan"])
    P.family_support_add(actor=sup, family=acc, kind="bantuan_ekonomi", agency=pasuruan.orgs["dinas"], on=date(2026, 11, 1))
    S.family_link_accompaniment(actor=sup, family=family, accompaniment=acc)
    SV.service_record(actor=pasuruan.users["case_manager"], case=b, service="psikososial")
    body = login(sup).get(f"/keluarga/{family.pk}/").content.decode()
    assert "Ani Lestari" in body and "Bunga Lestari" in body and a.number in body and b.number in body
    from naungan.catalogues.selectors import label

    assert label("family_support", "bantuan_ekonomi") in body and label("family_risk", "kemiskinan") in body
    assert label("service", "psikososial") in body
    api = login(sup).get(f"/api/v1/families/{family.pk}/").json()
    assert {c["number"] for c in api["cases"]} == {a.number, b.number} and api["cases_out_of_scope"] == 0
    assert api["support"][0]["kind"] == "bantuan_ekonomi"
    assert AuditEvent.objects.filter(action="household.view").exists()


def test_family_view_respects_case_scope(pasuruan, household, login):
    family, a, b = household
    client = login(pasuruan.users["ppt_0"])
    body = client.get(f"/keluarga/{family.pk}/").content.decode()
    assert "Ani Lestari" in body and "Bunga Lestari" not in body and b.number not in body
    api = client.get(f"/api/v1/families/{family.pk}/").json()
    assert [c["number"] for c in api["cases"]] == [a.number] and api["cases_out_of_scope"] == 1
    assert all(m["case"] == a.number for m in api["members"])


def test_out_of_scope_users_get_404(pasuruan, blitar, household, login):
    family, a, b = household
    for user in (blitar.users["supervisor"], blitar.users["case_manager"], pasuruan.users["partner_police"], pasuruan.users["community"]):
        client = login(user)
        assert client.get(f"/keluarga/{family.pk}/").status_code == 404
        assert client.get(f"/api/v1/families/{family.pk}/").status_code == 404
        assert client.post(f"/keluarga/{family.pk}/tambah/", {"number": a.number}).status_code == 404
        assert client.post(f"/api/v1/cases/{a.pk}/families/", {"kind": "serumah"}, content_type="application/json").status_code == 404
    assert login(pasuruan.users["partner_police"]).get("/keluarga/").status_code == 404


def test_a_family_holds_cases_of_one_city_only(pasuruan, blitar, household):
    family, a, b = household
    other = register(blitar, "Citra")
    with pytest.raises(Http404):  # not in the actor's scope
        S.family_add_case(actor=pasuruan.users["case_manager"], family=family, case=other)
    with pytest.raises(DomainError) as e:
        S.family_add_case(actor=pasuruan.users["case_manager"], family=family, case=a)
    assert str(e.value) == S.ALREADY_LINKED


def test_linking_needs_the_right_to_manage_the_case(pasuruan, household):
    family, a, b = household
    c = register(pasuruan, "Dewi", kel=0, actor=pasuruan.users["ppt_0"])
    with pytest.raises(DomainError) as e:
        S.family_add_case(actor=pasuruan.users["ppt_0"], family=family, case=c)
    assert str(e.value) == S.NOT_ALLOWED


def test_pages_add_and_remove_a_case_and_the_last_case_stays(pasuruan, household, login):
    family, a, b = household
    c = register(pasuruan, "Dewi", kel=2)
    client = login(pasuruan.users["case_manager"])
    client.post(f"/keluarga/{family.pk}/tambah/", {"number": c.number, "relation": "ibu"})
    assert FamilyCase.objects.filter(family=family, case=c, relation="ibu").exists()
    client.post(f"/keluarga/{family.pk}/lepas/{c.pk}/")
    client.post(f"/keluarga/{family.pk}/lepas/{b.pk}/")
    assert list(family.links.values_list("case_id", flat=True)) == [a.pk]
    with pytest.raises(DomainError) as e:
        S.family_remove_case(actor=pasuruan.users["case_manager"], family=family, case=a)
    assert str(e.value) == S.LAST_CASE


def test_creating_from_the_case_page_links_an_existing_accompaniment(pasuruan, login):
    sup = pasuruan.users["supervisor"]
    a = register(pasuruan, "Eka")
    acc = P.family_register(actor=sup, city_code="35.75", kelurahan=pasuruan.kelurahan[0].code, head_name="Ibu Eka", risks=[])
    acc.case = a
    acc.save()
    r = login(pasuruan.users["case_manager"]).post(f"/keluarga/kasus/{a.pk}/buat/", {"kind": "ibu_dan_anak", "relation": "anak"})
    family = Family.objects.get()
    assert r.status_code == 302 and family.accompaniment == acc


def test_family_list_has_a_constant_query_count(pasuruan, household, login, django_assert_max_num_queries):
    client = login(pasuruan.users["supervisor"])
    client.get("/keluarga/")
    with django_assert_max_num_queries(12):
        assert client.get("/keluarga/").status_code == 200
    for i in range(4):
        S.family_create(actor=pasuruan.users["case_manager"], case=register(pasuruan, f"Anak {i}"), kind="serumah")
    with django_assert_max_num_queries(12):
        assert client.get("/keluarga/").status_code == 200
