"""Figures pulled into the evidence of each indicator equal the records they count."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from naungan.cases.services import case_register, case_triage
from naungan.kla import services as S
from naungan.kla.figures import figure_context, figures
from naungan.prevention import services as P

pytestmark = pytest.mark.django_db

YEAR = 2025


def _at(month=3):
    return timezone.make_aware(datetime(YEAR, month, 10, 10, 0))


@pytest.fixture
def records(pasuruan, blitar):
    cm, sup = pasuruan.users["case_manager"], pasuruan.users["supervisor"]
    kel = pasuruan.kelurahan

    def case(age, *, sp="", ctype="", year_shift=0, city="35.75", actor=cm, disability=""):
        person = {"role": "victim", "name": "Korban", "estimated_age": age}
        if disability:
            person["disability"] = disability
        at = timezone.make_aware(datetime(YEAR + year_shift, 4, 1, 9, 0))
        c = case_register(actor=actor, city_code=city, channel="telepon", persons=[person], received_at=at, special_protection=sp)
        if ctype:
            case_triage(actor=actor, case=c, risk="sedang", case_type=ctype)
        return c

    from naungan.services.services import service_record

    a = case(9, sp="kejahatan_seksual", ctype="kekerasan_seksual")
    case(10, sp="kejahatan_seksual")
    case(15, sp="abh", ctype="abh")
    case(16, ctype="perkawinan_anak")
    case(17, ctype="perkawinan_anak", sp="eksploitasi", disability="fisik")
    case(30, ctype="kdrt")  # an adult: not a child case
    case(8, sp="kejahatan_seksual", year_shift=-1)  # another year
    case(8, sp="kejahatan_seksual", ctype="perkawinan_anak", city="35.72", actor=blitar.users["case_manager"])  # another city
    victim = a.persons.get(role="victim")
    service_record(actor=cm, case=a, service="psikososial", person_id=victim.pk, status="done")
    service_record(actor=cm, case=a, service="bantuan_hukum", person_id=victim.pk, status="planned")  # one child, counted once

    org = pasuruan.orgs["dinas"]
    for topic, month in (("perkawinan_anak", 2), ("perkawinan_anak", 5), ("perundungan", 6)):
        P.event_record(actor=sup, city_code="35.75", kelurahan=kel[0].code, on=date(YEAR, month, 1), organiser=org, topic=topic)
    P.event_record(actor=sup, city_code="35.75", kelurahan=kel[0].code, on=date(YEAR - 1, 6, 1), organiser=org, topic="perkawinan_anak")
    forum = P.forum_create(actor=sup, city_code="35.75", level="kota", region_code="35.75", name="Forum Anak Kota")
    P.forum_create(actor=sup, city_code="35.75", level="kelurahan", region_code=kel[1].code, name="Forum Anak Kelurahan")
    P.activity_record(actor=sup, forum=forum, on=date(YEAR, 3, 1), title="Musrenbang anak", in_musrenbang=True)
    P.activity_record(actor=sup, forum=forum, on=date(YEAR, 8, 1), title="Kampanye")
    P.activity_record(actor=sup, forum=forum, on=date(YEAR - 1, 8, 1), title="Tahun lalu")
    P.group_create(actor=sup, city_code="35.75", kelurahan=kel[0].code, kind="patbm", name="PATBM 1")
    P.group_create(actor=sup, city_code="35.75", kelurahan=kel[0].code, kind="peduli_anak", name="Peduli 1")
    P.group_create(actor=sup, city_code="35.75", kelurahan=kel[2].code, kind="patbm", name="PATBM 2")
    P.family_register(actor=sup, city_code="35.75", kelurahan=kel[0].code, head_name="Kepala", risks=["risiko_perkawinan_anak", "kemiskinan"])
    P.family_register(actor=sup, city_code="35.75", kelurahan=kel[1].code, head_name="Kepala 2", risks=["putus_sekolah"])
    for item in ("sk_forum_anak", "perkawinan_anak"):
        S.dekela_set(actor=sup, kelurahan_code=kel[0].code, item=item, status="ada")
    S.dekela_set(actor=sup, kelurahan_code=kel[1].code, item="perkawinan_anak", status="proses")
    return pasuruan


def test_flat_figures_equal_the_records(records):
    f = figures("35.75", YEAR)
    assert f["cases_handled"] == 6 and f["child_cases"] == 5 and f["child_victims"] == 5
    assert f["child_victims_served"] == 1 and f["child_victims_served_share"] == 20
    assert f["child_marriage_cases"] == 2 and f["child_victims_disability"] == 1
    assert f["child_victims_by_special_protection"] == {"kejahatan_seksual": 2, "abh": 1, "eksploitasi": 1}
    assert f["outreach_by_topic"] == {"perkawinan_anak": 2, "perundungan": 1} and f["outreach_events"] == 3
    assert f["forum_anak_forums"] == 2 and f["forum_anak_activities"] == 2 and f["forum_anak_musrenbang"] == 1
    assert f["patbm_kelurahan"] == 2 and f["kelurahan_total"] == 34 and f["community_groups"] == {"patbm": 2, "peduli_anak": 1}
    assert f["families_by_risk"] == {"risiko_perkawinan_anak": 1, "kemiskinan": 1, "putus_sekolah": 1}
    assert f["dekela_by_item"] == {"sk_forum_anak": 1, "perkawinan_anak": 1} and f["dekela_complete"] == 0
    assert f["zero_violence"] is False
    assert figures("35.75", YEAR - 5)["zero_violence"] is True


def test_figures_in_the_evidence_of_each_indicator_equal_the_records(records):
    ctx = figure_context(records.users["supervisor"], "35.75", YEAR)
    expected = {
        "child_violence_cases": 5,
        "child_victims_served": 1,
        "case_type:perkawinan_anak": 2,
        "case_type:abh": 1,
        "special_protection:kekerasan_fisik_psikis,kejahatan_seksual,eksploitasi,penculikan_perdagangan,perlakuan_salah_penelantaran": 3,
        "special_protection:abh,terorisme,stigmatisasi,perilaku_sosial_menyimpang": 1,
        "special_protection:pornografi,napza,hiv_aids,darurat": 0,
        "child_victims_disability": 1,
        "outreach_topic:perkawinan_anak": 2,
        "outreach_topic:perundungan": 1,
        "forum_anak_forums": 2,
        "forum_anak_activities": 2,
        "forum_anak_musrenbang": 1,
        "patbm_coverage": 2,
        "community_groups": 3,
        "family_risk:risiko_perkawinan_anak": 1,
        "family_risk:putus_sekolah": 1,
        "dekela:perkawinan_anak": 1,
        "dekela:sk_forum_anak": 1,
        "dekela_complete": 0,
    }
    for key, n in expected.items():
        assert ctx.resolve(key).number == n, key
    sp = ctx.resolve("special_protection:kekerasan_fisik_psikis,kejahatan_seksual,eksploitasi,penculikan_perdagangan,perlakuan_salah_penelantaran")
    assert dict(sp.rows)["Anak korban kejahatan seksual"] == 2


def test_the_shipped_set_shows_the_figures_on_the_matching_indicators(records, login):
    e = S.evaluation_create(actor=records.users["supervisor"], city_code="35.75", year=YEAR)
    body = login(records.users["supervisor"]).get(f"/kla/evaluasi/{e.pk}/").content.decode()
    assert "Kasus tahun 2025 menurut jenis: Perkawinan anak: <strong>2</strong>" in body
    assert "Sosialisasi tahun 2025 menurut topik: Pencegahan perkawinan anak: <strong>2</strong>" in body
    assert "/pencegahan/sosialisasi/?date_from=2025-01-01&amp;date_to=2025-12-31&amp;topic=perkawinan_anak" in body
    assert "/statistik/?kota=35.75&amp;date_from=2025-01-01&amp;date_to=2025-12-31" in body


def test_links_are_offered_only_to_pages_the_viewer_can_open(records):
    admin_links = figure_context(records.users["admin"], "35.75", YEAR).links
    assert "cases" not in admin_links and "forums" in admin_links  # the dashboard is not the city administrator's
    assert "cases" in figure_context(records.users["analyst"], "35.75", YEAR).links


def test_case_figures_are_one_small_function_to_repoint(records, monkeypatch):
    from naungan.kla import figures as F

    monkeypatch.setattr(F, "case_figures", lambda city, year: {
        "cases": 40, "child_cases": 0, "child_victims": 0, "child_victims_served": 0, "child_victims_disability": 0,
        "by_case_type": {"perkawinan_anak": 7}, "child_victims_by_special_protection": {}})
    f = F.figures("35.75", YEAR)
    assert f["cases_handled"] == 40 and f["child_marriage_cases"] == 7 and f["zero_violence"] is True
