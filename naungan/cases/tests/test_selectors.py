import pytest
from django.http import Http404

from naungan.cases.selectors import case_get, case_list, cases_visible_to, possible_duplicates

pytestmark = pytest.mark.django_db


def test_scope_of_each_role_on_cases(pasuruan, blitar, make_case):
    in_kel0 = make_case(kel_index=0)
    in_kel5 = make_case(kel_index=5)
    from naungan.cases.services import case_assign

    case_assign(actor=pasuruan.users["supervisor"], case=in_kel5, satgas_assignee=pasuruan.users["satgas_1"])
    u = pasuruan.users
    seen = lambda key: set(cases_visible_to(u[key]).values_list("pk", flat=True))  # noqa: E731
    assert seen("supervisor") == seen("case_manager") == {in_kel0.pk, in_kel5.pk}
    assert seen("ppt_0") == {in_kel0.pk}
    assert seen("ppt_1") == set()
    assert seen("satgas_1") == {in_kel5.pk}
    assert seen("satgas_0") == set()
    for key in ["admin", "analyst", "auditor", "partner_police", "partner_social", "community"]:
        assert seen(key) == set(), key
    for key in blitar.users:
        assert not set(cases_visible_to(blitar.users[key]).values_list("pk", flat=True)), key
    with pytest.raises(Http404):
        case_get(user=blitar.users["supervisor"], case_id=in_kel0.pk)
    with pytest.raises(Http404):
        case_get(user=u["ppt_1"], case_id=in_kel0.pk)


def test_ppt_sees_cases_its_post_registered_elsewhere(pasuruan, make_case):
    case = make_case(actor=pasuruan.users["ppt_1"], kel_index=7)
    assert cases_visible_to(pasuruan.users["ppt_1"]).filter(pk=case.pk).exists()


@pytest.mark.parametrize("query", ["Sukarno", "soekarno", "SUKARNO", "Bapak Soekarno"])
def test_name_search_tolerates_old_and_new_spellings(pasuruan, make_case, query):
    hit = make_case(persons=[{"role": "victim", "name": "Soekarno Djojo"}])
    make_case(persons=[{"role": "victim", "name": "Hatta"}])
    ids = list(case_list(user=pasuruan.users["case_manager"], filters={"q": query}).values_list("pk", flat=True))
    assert ids == [hit.pk]


def test_search_by_nik_phone_and_number(pasuruan, make_case):
    case = make_case()
    other = make_case(persons=[{"role": "victim", "name": "Lain", "phone": "085700000000"}])
    cm = pasuruan.users["case_manager"]
    ids = lambda q: list(case_list(user=cm, filters={"q": q}).values_list("pk", flat=True))  # noqa: E731
    assert ids("3575014503140001") == [case.pk]
    assert ids("+62 812 3456 7890") == [case.pk]
    assert ids("6281234567890") == [case.pk]
    assert ids(other.number) == [other.pk]


def test_search_stays_within_scope(pasuruan, make_case):
    make_case(kel_index=0)
    assert list(case_list(user=pasuruan.users["ppt_1"], filters={"q": "Siti"})) == []


def test_filters(pasuruan, make_case):
    a = make_case(place="sekolah", forms=["seksual"])
    make_case(place="rumah_tangga", forms=["fisik"], kel_index=3)
    cm = pasuruan.users["case_manager"]
    assert [c.pk for c in case_list(user=cm, filters={"place": "sekolah"})] == [a.pk]
    assert [c.pk for c in case_list(user=cm, filters={"form": "seksual"})] == [a.pk]
    assert [c.pk for c in case_list(user=cm, filters={"kelurahan": pasuruan.kelurahan[0].code})] == [a.pk]
    assert len(case_list(user=cm, filters={"status": "registered"})) == 2


def test_possible_duplicates_by_nik_phone_and_name_with_birth_date(pasuruan, make_case):
    case = make_case()
    cm = pasuruan.users["case_manager"]
    hits = possible_duplicates(user=cm, nik="3575014503140001")
    assert [h.case.pk for h in hits] == [case.pk] and "NIK sama" in hits[0].reasons
    assert [h.case.pk for h in possible_duplicates(user=cm, phone="+6281234567890")] == [case.pk]
    hits = possible_duplicates(user=cm, name="Sitti Aminah", birth_date="2014-03-05")
    assert [h.case.pk for h in hits] == [case.pk]
    assert possible_duplicates(user=pasuruan.users["ppt_1"], nik="3575014503140001") == []


def test_duplicates_are_found_across_spelling_variants_and_phone_formats(pasuruan, make_case):
    case = make_case(persons=[{"role": "victim", "name": "Soekarno", "birth_date": "2012-06-01", "phone": "0812-1111-2222"}])
    cm = pasuruan.users["case_manager"]
    hits = possible_duplicates(user=cm, name="Sukarno", birth_date="2012-06-01")
    assert [h.case.pk for h in hits] == [case.pk] and "nama dan tanggal lahir sama" in hits[0].reasons
    assert possible_duplicates(user=cm, name="Sukarno", birth_date="2012-06-02") == []
    for phone in ["+6281211112222", "6281211112222", "0812 1111 2222"]:
        assert [h.case.pk for h in possible_duplicates(user=cm, phone=phone)] == [case.pk], phone
    assert possible_duplicates(user=pasuruan.users["ppt_1"], name="Sukarno", birth_date="2012-06-01") == []


def test_assigned_to_me_filter(pasuruan, make_case):
    from naungan.cases.services import case_assign

    mine, other = make_case(), make_case()
    cm = pasuruan.users["case_manager"]
    case_assign(actor=pasuruan.users["supervisor"], case=mine, assigned_to=cm)
    assert [c.pk for c in case_list(user=cm, filters={"assigned_to_me": "1"})] == [mine.pk]
    assert {c.pk for c in case_list(user=cm, filters={})} == {mine.pk, other.pk}


def test_date_range_and_risk_filters(pasuruan, make_case):
    from datetime import timedelta

    from django.utils import timezone

    from naungan.cases.services import case_triage

    old = make_case(received_at=timezone.now() - timedelta(days=40))
    new = make_case()
    case_triage(actor=pasuruan.users["case_manager"], case=new, risk="tinggi")
    cm = pasuruan.users["case_manager"]
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert [c.pk for c in case_list(user=cm, filters={"date_from": since})] == [new.pk]
    assert [c.pk for c in case_list(user=cm, filters={"date_to": since})] == [old.pk]
    assert [c.pk for c in case_list(user=cm, filters={"risk": "tinggi"})] == [new.pk]


def test_satgas_sees_cases_where_they_own_a_plan_task(pasuruan, make_case):
    from naungan.cases.services import plan_task_add

    case = make_case()
    satgas = pasuruan.users["satgas_0"]
    assert not cases_visible_to(satgas).filter(pk=case.pk).exists()
    plan_task_add(actor=pasuruan.users["case_manager"], case=case, title="Pendampingan keluarga", owner_user=satgas)
    assert list(cases_visible_to(satgas).values_list("pk", flat=True)) == [case.pk]


def test_reporter_identity_only_for_case_manager_and_supervisor(pasuruan, make_case):
    from naungan.cases.selectors import person_identity_visible

    case = make_case(persons=[{"role": "victim", "name": "K"}, {"role": "reporter", "name": "P"}])
    reporter = case.persons.get(role="reporter")
    victim = case.persons.get(role="victim")
    assert person_identity_visible(pasuruan.users["case_manager"], reporter)
    assert person_identity_visible(pasuruan.users["supervisor"], reporter)
    assert not person_identity_visible(pasuruan.users["ppt_0"], reporter)
    assert person_identity_visible(pasuruan.users["ppt_0"], victim)


def test_name_tokens_carry_the_case_city_and_search_stays_in_the_users_cities(pasuruan, blitar):
    from naungan.cases.models import PersonToken
    from naungan.cases.selectors import case_list, possible_duplicates, search_cities
    from naungan.cases.services import case_register

    victim = {"role": "victim", "name": "Dewi Soekarno", "birth_date": "2012-01-02"}
    here = case_register(actor=pasuruan.users["case_manager"], city_code="35.75", channel="datang_uptd", persons=[dict(victim)])
    there = case_register(actor=blitar.users["case_manager"], city_code=blitar.city.code, channel="datang_uptd", persons=[dict(victim)])
    assert set(PersonToken.objects.filter(case=here).values_list("city_id", flat=True)) == {"35.75"}
    assert set(PersonToken.objects.filter(case=there).values_list("city_id", flat=True)) == {blitar.city.code}
    sup = pasuruan.users["supervisor"]
    assert search_cities(sup) == ["35.75"]
    assert [c.pk for c in case_list(user=sup, filters={"q": "dewi sukarno"})] == [here.pk]
    hits = possible_duplicates(user=sup, name="Dewi Sukarno", birth_date="2012-01-02")
    assert [h.case.pk for h in hits] == [here.pk] and "nama dan tanggal lahir sama" in hits[0].reasons and "nama mirip" in hits[0].reasons
