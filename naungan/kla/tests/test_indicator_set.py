"""The shipped indicator set: 24 indicators of Perpres 25/2021 in Kelembagaan and Klaster I–V, each
with a title, a source and an evidence checklist; weights never shown as official without a source."""

import json
from decimal import Decimal

import pytest

from naungan.core.errors import DomainError
from naungan.kla import services as S
from naungan.kla.figures import key_problem
from naungan.kla.models import EvidenceItem, Indicator, IndicatorSet

pytestmark = pytest.mark.django_db

SHIPPED = json.loads(S.DEFAULT_SET_FILE.read_text(encoding="utf-8"))


def _shipped_set():
    return IndicatorSet.objects.get(regulation=SHIPPED["regulation"], version=SHIPPED["version"])


def test_shipped_set_is_loaded_by_migrate_with_24_indicators_in_6_groups():
    s = _shipped_set()
    assert s.active
    clusters = list(s.clusters.order_by("order"))
    assert [c.code for c in clusters] == ["K", "I", "II", "III", "IV", "V"]
    assert [c.indicators.count() for c in clusters] == [3, 3, 5, 6, 3, 4]
    inds = Indicator.objects.filter(cluster__indicator_set=s)
    assert sorted(i.number for i in inds) == list(range(1, 25))
    assert sum(i.max_score for i in inds) == 1000


def test_every_indicator_has_a_real_title_a_source_and_an_evidence_checklist():
    for i in Indicator.objects.filter(cluster__indicator_set=_shipped_set()):
        assert i.title.strip() and "perlu dilengkapi" not in i.title and not i.title.startswith("Indikator ")
        assert "Perpres 25/2021" in i.source and "Lampiran I" in i.source
        assert i.source_url.startswith("https://")
        assert i.evidence_items.count() >= 3


def test_titles_follow_the_regulation_where_the_secondary_list_differs():
    by_number = {i.number: i for i in Indicator.objects.filter(cluster__indicator_set=_shipped_set())}
    assert by_number[7].title == "Perkawinan anak" and by_number[7].cluster.code == "II"  # not Klaster V
    assert by_number[10].cluster.code == "II" and "PAUD-HI" in by_number[10].title
    assert by_number[21].cluster.code == "V" and "kekerasan dan eksploitasi" in by_number[21].title
    assert "Klaster IV" in by_number[10].note  # where the older set placed it, said to the user


def test_no_weight_is_presented_as_official_and_the_notes_say_so():
    s = _shipped_set()
    assert not Indicator.objects.filter(cluster__indicator_set=s, weight_official=True).exists()
    assert "bukan bobot resmi" in s.notes
    assert "DOMAIN" not in s.notes and "seed" not in s.notes.lower()
    for i in Indicator.objects.filter(cluster__indicator_set=s):
        assert "DOMAIN" not in i.note and "seed" not in i.note.lower()


def test_every_figure_named_in_the_shipped_set_is_valid():
    keys = [e.figure for e in EvidenceItem.objects.filter(indicator__cluster__indicator_set=_shipped_set()).exclude(figure="")]
    assert len(keys) >= 20
    assert all(key_problem(k) is None for k in keys), [k for k in keys if key_problem(k)]


@pytest.mark.parametrize("key", ["nope", "case_type", "case_type:tidak_ada", "zero_violence:x", "dekela:sk_patbm,sk_forum_anak",
                                 "special_protection:abh,bukan_kode"])
def test_bad_figure_keys_are_refused(key):
    assert key_problem(key)


def test_import_refuses_an_indicator_without_source_or_with_an_unknown_figure():
    data = json.loads(json.dumps(SHIPPED))
    data["version"] = "uji-sumber"
    data["clusters"][0]["indicators"][0]["source"] = " "
    with pytest.raises(DomainError, match="sumber indikator 1"):
        S.indicator_set_import(actor=None, data=data)
    data["clusters"][0]["indicators"][0]["source"] = "Instrumen 2025"
    data["clusters"][1]["indicators"][0]["evidence"][0]["figure"] = "angka_karangan"
    with pytest.raises(DomainError, match="angka_karangan"):
        S.indicator_set_import(actor=None, data=data)


def test_export_import_round_trip_keeps_sources_flags_and_evidence():
    data = S.indicator_set_export(_shipped_set())
    data["version"] = "uji-salin"
    copy = S.indicator_set_import(actor=None, data=data)
    assert S.indicator_set_export(copy)["clusters"] == data["clusters"]


def test_sync_supersedes_the_placeholder_set_and_is_idempotent():
    old = IndicatorSet.objects.create(regulation=SHIPPED["regulation"], version="2022-naungan-1", name="lama")
    S.indicator_set_sync()
    S.indicator_set_sync()
    old.refresh_from_db()
    assert not old.active
    assert IndicatorSet.objects.filter(regulation=SHIPPED["regulation"], version=SHIPPED["version"]).count() == 1


def test_administrator_edits_weight_flag_and_checklist_without_code(pasuruan):
    ind = Indicator.objects.get(cluster__indicator_set=_shipped_set(), number=7)
    keep = ind.evidence_items.get(figure="case_type:perkawinan_anak")
    lines = "\n".join([keep.label, "Rekap rekomendasi dispensasi kawin dari UPTD PPA"])
    S.indicator_update(actor=pasuruan.users["admin"], indicator=ind, title="Perkawinan anak", max_score="55,5", needs_review=False,
                       weight_official=True, evidence_lines=lines)
    ind.refresh_from_db()
    assert ind.max_score == Decimal("55.5") and ind.weight_official and not ind.needs_review
    assert [e.label for e in ind.evidence_items.all()] == lines.splitlines()
    assert ind.evidence_items.get(label=keep.label).figure == "case_type:perkawinan_anak"  # the kept line keeps its figure
    with pytest.raises(DomainError, match="Bobot indikator 7"):
        S.indicator_update(actor=pasuruan.users["admin"], indicator=ind, title="x", max_score="banyak", needs_review=False)
    with pytest.raises(DomainError):
        S.indicator_update(actor=pasuruan.users["supervisor"], indicator=ind, title="x", max_score=1, needs_review=False)


def test_indicator_page_shows_sources_and_unofficial_weights(pasuruan, login):
    body = login(pasuruan.users["analyst"]).get("/kla/indikator/").content.decode()
    assert "Perkawinan anak" in body and "slideplayer.info" in body and "bobot sementara, bukan resmi" in body


def test_admin_edit_through_the_page_changes_the_scoring(pasuruan, login):
    e = S.evaluation_create(actor=pasuruan.users["supervisor"], city_code="35.75", year=2025, indicator_set=_shipped_set())
    for sc in e.scores.select_related("indicator"):
        S.score_set(actor=pasuruan.users["supervisor"], score=sc, value=sc.indicator.max_score)
    assert S.evaluation_summary(e).total == 1000
    ind = Indicator.objects.get(cluster__indicator_set=e.indicator_set, number=1)
    r = login(pasuruan.users["admin"]).post("/kla/indikator/", {"indicator": ind.pk, "title": ind.title, "max_score": "142", "weight_official": "1"},
                                            follow=True)
    assert "diperbarui" in r.content.decode()
    sc = e.scores.get(indicator=ind)
    S.score_set(actor=pasuruan.users["supervisor"], score=sc, value=142)
    summary = S.evaluation_summary(e)
    assert summary.total == 1100 and summary.weights_unofficial == 23
