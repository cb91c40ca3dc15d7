"""Edits of prevention records (the API's PATCH): optimistic locking by version, validation of
every field, the audit diff (identities sealed), and the status history of PERKASA members."""

from datetime import date

import pytest

from naungan.accounts.roles import OrgKind
from naungan.audit.models import AuditEvent
from naungan.audit.services import SEALED_MARK
from naungan.core.errors import ConflictError, DomainError
from naungan.prevention import services as S
from naungan.prevention.models import FamilyRisk, PerkasaStatus
from naungan.prevention.tests.factories import EventFactory, FamilyFactory, ForumFactory, GroupFactory, PerkasaFactory

pytestmark = pytest.mark.django_db


def last_changes(action: str, obj) -> dict:
    return AuditEvent.objects.filter(action=action, object_id=str(obj.pk)).order_by("-pk").first().changes


def test_an_event_edit_moves_kecamatan_with_kelurahan_and_records_partner_changes(pasuruan):
    sup = pasuruan.users["supervisor"]
    ev = EventFactory(girls=2)
    last = pasuruan.kelurahan[-1]
    ev = S.event_update(actor=sup, event=ev, version=1, data={
        "kelurahan": last.code, "topic": "hak_anak", "date": date(2026, 5, 5), "organiser": pasuruan.orgs["uptd"].pk,
        "audience": "  Orang tua murid ", "girls": 7, "partners": [pasuruan.orgs[OrgKind.KEMENAG].pk, pasuruan.orgs[OrgKind.SCHOOL].pk]})
    assert (ev.kelurahan_id, ev.kecamatan_id, ev.topic, ev.audience, ev.girls, ev.version) == (last.code, last.parent_id, "hak_anak", "Orang tua murid", 7, 2)
    assert sorted(ev.partners.values_list("pk", flat=True)) == sorted([pasuruan.orgs[OrgKind.KEMENAG].pk, pasuruan.orgs[OrgKind.SCHOOL].pk])
    changes = last_changes("outreach.update", ev)
    assert changes["girls"] == [2, 7] and changes["partners"][0] == [] and changes["date"] == ["2026-03-01", "2026-05-05"]
    ev = S.event_update(actor=sup, event=ev, version=2, data={"partners": []})
    assert not ev.partners.exists()


@pytest.mark.parametrize("data, message", [
    ({"organiser": 0}, "Penyelenggara"),
    ({"boys": -1}, "negatif"),
    ({"topic": "tidak_ada"}, "topik"),
    ({"kelurahan": "35.72.01.1001"}, "Kelurahan tidak berada"),
])
def test_an_event_edit_refuses_bad_values_and_changes_nothing(pasuruan, blitar, data, message):
    ev = EventFactory()
    if "organiser" in data:
        data = {"organiser": blitar.orgs["dinas"].pk}
    with pytest.raises(DomainError, match=message):
        S.event_update(actor=pasuruan.users["supervisor"], event=ev, version=1, data=data)
    ev.refresh_from_db()
    assert ev.version == 1 and not AuditEvent.objects.filter(action="outreach.update").exists()


def test_a_stale_version_is_a_conflict_listing_mine_and_the_saved_value(pasuruan):
    sup = pasuruan.users["supervisor"]
    ev = EventFactory(girls=1)
    S.event_update(actor=sup, event=ev, version=1, data={"girls": 5})
    with pytest.raises(ConflictError) as err:
        S.event_update(actor=sup, event=ev, version=1, data={"girls": 9, "boys": 0})
    assert err.value.changes == {"girls": [9, 5]}  # boys is unchanged since: not a conflict
    ev.refresh_from_db()
    assert (ev.girls, ev.version) == (5, 2)


def test_a_conflict_on_a_family_never_shows_the_sealed_identity(pasuruan):
    sup = pasuruan.users["supervisor"]
    fam = FamilyFactory(head_name="Bapak Suparman")
    S.family_update(actor=sup, family=fam, version=1, data={"head_name": "Bapak Suparno", "risks": ["kemiskinan", "putus_sekolah"]})
    assert sorted(FamilyRisk.objects.filter(family=fam).values_list("factor", flat=True)) == ["kemiskinan", "putus_sekolah"]
    assert last_changes("family.update", fam)["head_name"] == [SEALED_MARK, SEALED_MARK]
    with pytest.raises(ConflictError) as err:
        S.family_update(actor=sup, family=fam, version=1, data={"head_name": "Orang Lain"})
    assert err.value.changes == {"head_name": ["(diubah)", "(diubah)"]}


def test_forum_edits_check_level_region_and_name(pasuruan, blitar):
    sup = pasuruan.users["supervisor"]
    forum = ForumFactory(name="Forum Anak K0")
    for data, message in (({"level": "rt"}, "tingkat"), ({"region": "35.72"}, "Kelurahan"), ({"region": "99.99"}, "Kelurahan"),
                          ({"name": "  "}, "Nama")):
        with pytest.raises(DomainError, match=message):
            S.forum_update(actor=sup, forum=forum, version=1, data=data)
    forum = S.forum_update(actor=sup, forum=forum, version=1, data={"level": "kota", "region": "35.75", "name": " Forum Anak Kota ",
                                                                  "established": date(2019, 7, 23)})
    assert (forum.level, forum.region_id, forum.name, forum.established) == ("kota", "35.75", "Forum Anak Kota", date(2019, 7, 23))
    with pytest.raises(DomainError):
        S.forum_update(actor=blitar.users["supervisor"], forum=forum, version=2, data={"name": "x"})


def test_group_edits_check_kind_counts_and_the_editors_area(pasuruan):
    group = GroupFactory(kelurahan=pasuruan.kelurahan[0].code)
    ppt = pasuruan.users["ppt_0"]
    with pytest.raises(DomainError, match="jenis"):
        S.group_update(actor=ppt, group=group, version=1, data={"kind": "arisan"})
    with pytest.raises(DomainError, match="negatif"):
        S.group_update(actor=ppt, group=group, version=1, data={"members_count": -2})
    with pytest.raises(DomainError):  # a PPT officer cannot move the group out of the own kelurahan
        S.group_update(actor=ppt, group=group, version=1, data={"kelurahan": pasuruan.kelurahan[1].code})
    with pytest.raises(DomainError):
        S.group_update(actor=pasuruan.users["ppt_1"], group=group, version=1, data={"name": "x"})
    group = S.group_update(actor=ppt, group=group, version=1, data={"members_count": "15", "rw": " 04 ", "established": date(2021, 1, 1)})
    assert (group.members_count, group.rw, group.established, group.version) == (15, "04", date(2021, 1, 1), 2)


def test_a_perkasa_edit_keeps_the_status_history_and_the_nik_unique(pasuruan):
    sup = pasuruan.users["supervisor"]
    PerkasaFactory(name="Ibu Rahmawati", nik="3575014503800002")
    m = PerkasaFactory(name="Ibu Sulastri")
    with pytest.raises(DomainError, match="sudah terdaftar"):
        S.perkasa_update(actor=sup, member=m, version=1, data={"nik": "3575 0145 0380 0002"})
    for data, message in (({"income_band": "x"}, "penghasilan"), ({"status": "x"}, "status"), ({"name": ""}, "Nama"), ({"dependants": -1}, "negatif")):
        with pytest.raises(DomainError, match=message):
            S.perkasa_update(actor=sup, member=m, version=1, data=data)
    m = S.perkasa_update(actor=sup, member=m, version=1, on=date(2026, 9, 1), data={
        "status": "berkembang", "employed": 1, "income_band": "2to4", "dependants": 2, "nik": "3575014503800009"})
    assert (m.status, m.employed, m.income_band, m.dependants, m.nik) == ("berkembang", True, "2to4", 2, "3575014503800009")
    assert list(PerkasaStatus.objects.filter(member=m).order_by("pk").values_list("status", flat=True)) == ["rentan", "berkembang"]
    assert last_changes("perkasa.update", m)["nik"] == [SEALED_MARK, SEALED_MARK]
    m = S.perkasa_update(actor=sup, member=m, version=2, data={"nik": "", "dependants": 3})
    assert (m.nik, m.nik_bidx) == ("", "") and PerkasaStatus.objects.filter(member=m).count() == 2  # no new status: unchanged
