from datetime import timedelta

import pytest
from django.utils import timezone

from naungan.accounts.models import Organisation
from naungan.accounts.roles import OrgKind
from naungan.alerts import services as S
from naungan.alerts.models import Alert, RuleKey, WarningRule
from naungan.audit.models import AuditEvent
from naungan.cases.models import Notification
from naungan.cases.services import case_register, person_add
from naungan.core.errors import DomainError

pytestmark = pytest.mark.django_db

VICTIM = {"role": "victim", "name": "Rina", "sex": "P", "estimated_age": 12}


def register(world, *, perp=None, days_ago=0, kel=0, place="rumah_tangga", actor=None):
    persons = [dict(VICTIM)] + ([dict(role="perpetrator", **perp)] if perp is not None else [])
    return case_register(actor=actor or world.users["case_manager"], city_code=world.city.code, channel="datang_uptd", persons=persons,
                         kelurahan_code=world.kelurahan[kel].code, place=place, forms=["fisik"],
                         received_at=timezone.now() - timedelta(days=days_ago))


def alerts(key):
    return list(Alert.objects.filter(key=key))


PERPETRATOR_CASES = [
    (RuleKey.PERPETRATOR_NIK, {"name": "Budi", "nik": "3575010101800001"}, {"name": "Joko", "nik": "3575010101800001"},
     {"name": "Budi", "nik": "3575010101800002"}),
    (RuleKey.PERPETRATOR_PHONE, {"name": "Budi", "phone": "0812-1111-2222"}, {"name": "Joko", "phone": "+62 812 1111 2222"},
     {"name": "Budi", "phone": "0812-1111-3333"}),
    (RuleKey.PERPETRATOR_NAME_BIRTH, {"name": "Djoko Santoso", "birth_date": "1980-01-01"}, {"name": "Joko Santoso", "birth_date": "1980-01-01"},
     {"name": "Djoko Santoso", "birth_date": "1981-01-01"}),
]


@pytest.mark.parametrize("key,first,same,different", PERPETRATOR_CASES, ids=[c[0].value for c in PERPETRATOR_CASES])
def test_perpetrator_rule_fires_for_the_same_key_and_tells_only_supervisors(pasuruan, key, first, same, different):
    a = register(pasuruan, perp=first, days_ago=30)
    b = register(pasuruan, perp=same)
    found = alerts(key)
    assert len(found) == 1 and found[0].case == b and set(found[0].cases.values_list("pk", flat=True)) == {a.pk, b.pk}
    sup = Notification.objects.filter(user=pasuruan.users["supervisor"], url=f"/peringatan/{found[0].pk}/")
    assert sup.count() == 1 and b.number in sup.get().text and "Budi" not in sup.get().text and "Joko" not in sup.get().text
    for role in ("partner_police", "partner_social", "community", "case_manager", "ppt_0", "satgas_0"):
        assert not Notification.objects.filter(user=pasuruan.users[role], url__startswith="/peringatan/").exists(), role
    assert AuditEvent.objects.filter(action="alert.raise", city_code="35.75").exists()


@pytest.mark.parametrize("key,first,same,different", PERPETRATOR_CASES, ids=[c[0].value for c in PERPETRATOR_CASES])
def test_perpetrator_rule_stays_silent_for_a_different_key_outside_the_window_or_in_another_city(pasuruan, blitar, key, first, same, different):
    register(pasuruan, perp=first, days_ago=30)
    register(pasuruan, perp=different)
    assert alerts(key) == []
    register(blitar, perp=same)  # another city's case is not this city's pattern
    assert alerts(key) == []
    rule = S.rules_for("35.75")[key]
    S.rule_update(actor=pasuruan.users["supervisor"], rule=rule, window_days=10, threshold=2, active=True)
    register(pasuruan, perp=same)  # the first case is 30 days back, outside a 10-day window
    assert alerts(key) == []


def test_a_victim_sharing_a_perpetrators_nik_does_not_fire(pasuruan):
    register(pasuruan, perp={"name": "Budi", "nik": "3575010101800001"}, days_ago=3)
    register(pasuruan)  # victim only
    c = register(pasuruan)
    person_add(actor=pasuruan.users["case_manager"], case=c, data={"role": "victim", "name": "X", "nik": "3575010101800001"})
    assert alerts(RuleKey.PERPETRATOR_NIK) == []


def test_a_perpetrator_added_later_fires_too(pasuruan):
    register(pasuruan, perp={"name": "Budi", "nik": "3575010101800001"}, days_ago=3)
    c = register(pasuruan)
    person_add(actor=pasuruan.users["case_manager"], case=c, data={"role": "perpetrator", "name": "B", "nik": "3575010101800001"})
    assert [a.case for a in alerts(RuleKey.PERPETRATOR_NIK)] == [c]


def test_threshold_counts_cases_including_the_new_one(pasuruan):
    rule = S.rules_for("35.75")[RuleKey.PERPETRATOR_NIK]
    S.rule_update(actor=pasuruan.users["supervisor"], rule=rule, window_days=365, threshold=3, active=True)
    perp = {"name": "Budi", "nik": "3575010101800001"}
    register(pasuruan, perp=perp, days_ago=5)
    register(pasuruan, perp=perp, days_ago=2)
    assert alerts(RuleKey.PERPETRATOR_NIK) == []
    register(pasuruan, perp=perp)
    assert len(alerts(RuleKey.PERPETRATOR_NIK)) == 1 and alerts(RuleKey.PERPETRATOR_NIK)[0].size == 3


def test_an_inactive_rule_stays_silent(pasuruan):
    rule = S.rules_for("35.75")[RuleKey.PERPETRATOR_NIK]
    S.rule_update(actor=pasuruan.users["supervisor"], rule=rule, window_days=365, threshold=2, active=False)
    register(pasuruan, perp={"name": "Budi", "nik": "3575010101800001"}, days_ago=5)
    register(pasuruan, perp={"name": "Budi", "nik": "3575010101800001"})
    assert alerts(RuleKey.PERPETRATOR_NIK) == []


def test_kelurahan_place_rule_fires_on_the_third_case_in_the_window_and_not_elsewhere(pasuruan):
    register(pasuruan, kel=1, place="fasilitas_umum", days_ago=10)
    register(pasuruan, kel=1, place="fasilitas_umum", days_ago=5)
    register(pasuruan, kel=2, place="fasilitas_umum")  # other kelurahan
    register(pasuruan, kel=1, place="sekolah")  # other kind of place
    register(pasuruan, kel=1, place="fasilitas_umum", days_ago=45)  # outside 30 days of the next
    assert alerts(RuleKey.KELURAHAN_PLACE) == []
    c = register(pasuruan, kel=1, place="fasilitas_umum")
    assert [a.case for a in alerts(RuleKey.KELURAHAN_PLACE)] == [c] and alerts(RuleKey.KELURAHAN_PLACE)[0].size == 3


def test_same_school_rule_fires_and_stays_silent(pasuruan):
    school = pasuruan.orgs.get("school") or Organisation.objects.get(city=pasuruan.city, kind=OrgKind.SCHOOL)
    other = Organisation.objects.create(city=pasuruan.city, region=pasuruan.city, kind=OrgKind.SCHOOL, name="SD Negeri 2")
    cm = pasuruan.users["case_manager"]
    a, b, c = register(pasuruan, place="sekolah", days_ago=20), register(pasuruan, place="sekolah", kel=3), register(pasuruan, place="sekolah", kel=4)
    S.place_tag_set(actor=cm, case=a, school=school)
    S.place_tag_set(actor=cm, case=b, school=other)
    assert alerts(RuleKey.SAME_SCHOOL) == []
    S.place_tag_set(actor=cm, case=c, school=school)
    assert [x.case for x in alerts(RuleKey.SAME_SCHOOL)] == [c]


def test_a_school_of_another_city_is_refused(pasuruan, blitar):
    blitar_school = Organisation.objects.filter(city=blitar.city, kind=OrgKind.SCHOOL).first()
    c = register(pasuruan)
    with pytest.raises(DomainError) as e:
        S.place_tag_set(actor=pasuruan.users["case_manager"], case=c, school=blitar_school)
    assert str(e.value) == S.NOT_A_SCHOOL


def test_same_named_place_rule_fires_on_spelling_variants_and_stays_silent_otherwise(pasuruan):
    cm = pasuruan.users["case_manager"]
    cases = [register(pasuruan, kel=i, place="fasilitas_umum") for i in range(4)]
    S.place_tag_set(actor=cm, case=cases[0], place_name="Terminal Djojo")
    S.place_tag_set(actor=cm, case=cases[1], place_name="Pasar Besar")
    S.place_tag_set(actor=cm, case=cases[2], place_name="terminal joyo")
    assert alerts(RuleKey.SAME_PLACE) == []  # two of three
    S.place_tag_set(actor=cm, case=cases[3], place_name="TERMINAL JOJO")
    assert [x.case for x in alerts(RuleKey.SAME_PLACE)] == [cases[3]]


def test_rules_are_data_per_city(pasuruan, blitar):
    S.rules_for("35.75")
    S.rules_for("35.72")
    rule = WarningRule.objects.get(city_id="35.75", key=RuleKey.PERPETRATOR_NIK)
    S.rule_update(actor=pasuruan.users["supervisor"], rule=rule, window_days=60, threshold=4, active=True)
    assert WarningRule.objects.get(city_id="35.72", key=RuleKey.PERPETRATOR_NIK).threshold == 2
    with pytest.raises(DomainError):
        S.rule_update(actor=blitar.users["supervisor"], rule=rule, window_days=60, threshold=2, active=True)
    with pytest.raises(DomainError) as e:
        S.rule_update(actor=pasuruan.users["supervisor"], rule=rule, window_days=60, threshold=1, active=True)
    assert str(e.value) == S.BAD_THRESHOLD


def test_alert_pages_are_for_supervisors_only_and_list_cases_in_scope(pasuruan, blitar, login):
    perp = {"name": "Budi", "nik": "3575010101800001"}
    a = register(pasuruan, perp=perp, days_ago=3)
    b = register(pasuruan, perp=perp)
    alert = Alert.objects.get()
    sup = login(pasuruan.users["supervisor"])
    body = sup.get(f"/peringatan/{alert.pk}/").content.decode()
    assert a.number in body and b.number in body and "Budi" not in body
    assert alert.case.number in sup.get("/peringatan/").content.decode()
    assert sup.get("/peringatan/aturan/").status_code == 200
    assert sup.get(f"/api/v1/alerts/{alert.pk}/").json()["case_numbers"] == [a.number, b.number]
    for role in ("partner_police", "partner_social", "community", "case_manager", "ppt_0", "satgas_0", "analyst"):
        c = login(pasuruan.users[role])
        assert c.get("/peringatan/").status_code == 404, role
        assert c.get(f"/peringatan/{alert.pk}/").status_code == 404, role
        assert c.get(f"/api/v1/alerts/{alert.pk}/").status_code == 404, role
        assert c.get("/api/v1/alerts/").status_code == 404, role
        assert f"/peringatan/{alert.pk}/" not in c.get(f"/kasus/{b.pk}/").content.decode()
    other = login(blitar.users["supervisor"])
    assert other.get(f"/peringatan/{alert.pk}/").status_code == 404
    assert other.get(f"/api/v1/alerts/{alert.pk}/").status_code == 404
    # the supervisor sees the alert on the case page; the review is recorded
    sup = login(pasuruan.users["supervisor"])
    assert f"/peringatan/{alert.pk}/" in sup.get(f"/kasus/{b.pk}/").content.decode()
    sup.post(f"/peringatan/{alert.pk}/", {"note": "Dikoordinasikan dengan Unit PPA."})
    alert.refresh_from_db()
    assert alert.status == "reviewed" and alert.review_note == "Dikoordinasikan dengan Unit PPA."


def test_rule_page_and_api_edit(pasuruan, blitar, login):
    sup = login(pasuruan.users["supervisor"])
    rules = sup.get("/api/v1/alerts/rules/").json()["results"]
    nik = next(r for r in rules if r["key"] == "perpetrator_nik")
    r = sup.put(f"/api/v1/alerts/rules/{nik['id']}/", {"window_days": 100, "threshold": 3, "active": True}, content_type="application/json")
    assert r.status_code == 200 and r.json()["threshold"] == 3
    sup.post("/peringatan/aturan/", {"rule": nik["id"], "window_days": 50, "threshold": 2, "active": "on"})
    assert WarningRule.objects.get(pk=nik["id"]).window_days == 50
    other = login(blitar.users["supervisor"])
    assert other.put(f"/api/v1/alerts/rules/{nik['id']}/", {"window_days": 1, "threshold": 2, "active": True}, content_type="application/json").status_code == 404
    assert other.post("/peringatan/aturan/", {"rule": nik["id"], "window_days": 1, "threshold": 2}).status_code == 404
    assert login(pasuruan.users["partner_police"]).get("/peringatan/aturan/").status_code == 404


def test_place_tag_page_and_scope(pasuruan, blitar, login):
    c = register(pasuruan)
    cm = login(pasuruan.users["case_manager"])
    r = cm.post(f"/peringatan/kasus/{c.pk}/tempat/", {"place_name": "Pasar Besar"})
    assert r.status_code == 302 and c.place_tag.place_name == "Pasar Besar"
    assert login(blitar.users["supervisor"]).post(f"/peringatan/kasus/{c.pk}/tempat/", {"place_name": "x"}).status_code == 404
    assert login(pasuruan.users["partner_police"]).put(f"/api/v1/cases/{c.pk}/place-tag/", {"place_name": "x"}, content_type="application/json").status_code == 404


def test_alert_list_has_a_constant_query_count(pasuruan, login, django_assert_max_num_queries):
    sup = login(pasuruan.users["supervisor"])
    perp = {"name": "Budi", "nik": "3575010101800001"}
    register(pasuruan, perp=perp, days_ago=3)
    register(pasuruan, perp=perp)
    sup.get("/peringatan/")
    with django_assert_max_num_queries(15):
        sup.get("/peringatan/")
    for _ in range(4):
        register(pasuruan, perp=perp)
    assert Alert.objects.filter(key="perpetrator_nik").count() == 5
    with django_assert_max_num_queries(15):
        sup.get("/peringatan/")
