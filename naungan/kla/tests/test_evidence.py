"""The evidence checklist per indicator on the evaluation page and in the PDF, and moving an
evaluation to a newer version of the indicator set."""

import json
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from naungan.audit.models import AuditEvent
from naungan.core.errors import DomainError
from naungan.kla import services as S
from naungan.kla.models import EvidenceCheck, EvidenceItem, IndicatorSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(pasuruan):
    return S.evaluation_create(actor=pasuruan.users["supervisor"], city_code="35.75", year=2025)


def _score(e, number):
    return e.scores.select_related("indicator").get(indicator__number=number)


def test_supervisor_ticks_evidence_and_everyone_who_reads_sees_it(pasuruan, evaluation, login):
    sc = _score(evaluation, 7)
    items = list(EvidenceItem.objects.filter(indicator=sc.indicator))
    other = EvidenceItem.objects.filter(indicator=_score(evaluation, 8).indicator).first()
    client = login(pasuruan.users["supervisor"])
    r = client.post(f"/kla/evaluasi/{evaluation.pk}/", {"form": "evidence", "score": sc.pk, "item": [items[0].pk, items[2].pk, other.pk, "x"]},
                    follow=True)
    assert "Daftar data dukung disimpan" in r.content.decode()
    assert set(EvidenceCheck.objects.filter(evaluation=evaluation).values_list("item_id", flat=True)) == {items[0].pk, items[2].pk}
    assert AuditEvent.objects.filter(action="kla.evidence", object_id=str(sc.pk)).count() == 1
    summary = S.evaluation_summary(evaluation)
    assert summary.evidence_checked == 2 and summary.evidence_total == EvidenceItem.objects.filter(indicator__cluster__indicator_set=evaluation.indicator_set).count()
    # unticking one keeps the other
    client.post(f"/kla/evaluasi/{evaluation.pk}/", {"form": "evidence", "score": sc.pk, "item": [items[2].pk]})
    assert list(EvidenceCheck.objects.filter(evaluation=evaluation).values_list("item_id", flat=True)) == [items[2].pk]
    body = login(pasuruan.users["auditor"]).get(f"/kla/evaluasi/{evaluation.pk}/").content.decode()
    assert f'value="{items[2].pk}" checked disabled' in body and "data dukung 1/" in body


def test_readers_and_other_cities_cannot_tick_evidence(pasuruan, blitar, evaluation, login):
    sc = _score(evaluation, 7)
    item = EvidenceItem.objects.filter(indicator=sc.indicator).first()
    for user in (pasuruan.users["analyst"], pasuruan.users["auditor"], blitar.users["supervisor"], pasuruan.users["case_manager"]):
        r = login(user).post(f"/kla/evaluasi/{evaluation.pk}/", {"form": "evidence", "score": sc.pk, "item": [item.pk]})
        assert r.status_code == 404
    with pytest.raises(DomainError):
        S.evidence_set(actor=pasuruan.users["analyst"], score=sc, checked_item_ids=[item.pk])
    assert not EvidenceCheck.objects.exists()


def test_evaluation_page_query_count_does_not_grow_with_ticks(pasuruan, evaluation, login, django_assert_max_num_queries):
    client = login(pasuruan.users["supervisor"])
    client.get(f"/kla/evaluasi/{evaluation.pk}/")
    for sc in evaluation.scores.select_related("indicator")[:10]:
        S.evidence_set(actor=pasuruan.users["supervisor"], score=sc, checked_item_ids=list(EvidenceItem.objects.filter(indicator=sc.indicator).values_list("pk", flat=True)))
    with django_assert_max_num_queries(32):
        assert client.get(f"/kla/evaluasi/{evaluation.pk}/").status_code == 200


def test_pdf_carries_checklist_sources_and_figures(pasuruan, evaluation, login, monkeypatch):
    from naungan.kla import pdf

    seen = {}
    real = pdf.evaluation_report

    def spy(e, summary, **kw):
        seen["summary"], seen["kw"] = summary, kw
        return real(e, summary, **kw)

    monkeypatch.setattr(pdf, "evaluation_report", spy)
    sc = _score(evaluation, 21)
    S.evidence_set(actor=pasuruan.users["supervisor"], score=sc, checked_item_ids=[EvidenceItem.objects.filter(indicator=sc.indicator).first().pk])
    r = login(pasuruan.users["analyst"]).get(f"/kla/evaluasi/{evaluation.pk}/laporan.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF") and len(r.content) > 10000
    scores = [s for c in seen["summary"].clusters for s in c["scores"]]
    s21 = next(s for s in scores if s.indicator.number == 21)
    assert len(s21.checked_ids) == 1 and s21.evidence_items[0].fig.label.startswith("Kasus kekerasan dengan korban anak")
    assert seen["kw"]["base_url"].startswith("http://testserver/")
    assert all(s.indicator.source for s in scores)
    assert login(pasuruan.users["ppt_0"]).get(f"/kla/evaluasi/{evaluation.pk}/laporan.pdf").status_code == 404


def _placeholder_set():
    data = json.loads(S.DEFAULT_SET_FILE.read_text(encoding="utf-8"))
    data["version"] = "2022-naungan-1"
    for c in data["clusters"]:
        for i in c["indicators"]:
            if i["number"] > 6:
                i["title"] = f"Indikator {i['number']} (judul perlu dilengkapi administrator)"
            i["evidence"] = [{"label": "Dokumen pendukung (SK, laporan, data) sesuai petunjuk teknis evaluasi KLA."}]
    return S.indicator_set_import(actor=None, data=data)


def test_an_evaluation_on_the_placeholder_set_moves_to_the_shipped_set_keeping_its_scores(pasuruan, login):
    old = _placeholder_set()
    sup = pasuruan.users["supervisor"]
    e = S.evaluation_create(actor=sup, city_code="35.75", year=2024, indicator_set=old)
    S.score_set(actor=sup, score=_score(e, 7), value=30, evidence="Data PA", reviewer_comment="cek")
    shipped = IndicatorSet.objects.get(version=json.loads(S.DEFAULT_SET_FILE.read_text(encoding="utf-8"))["version"])
    body = login(sup).get(f"/kla/evaluasi/{e.pk}/").content.decode()
    assert "kla-move" in body
    r = login(sup).post(f"/kla/evaluasi/{e.pk}/pindah-set/", {"indicator_set": shipped.pk}, follow=True)
    assert "dipindahkan" in r.content.decode()
    e.refresh_from_db()
    assert e.indicator_set == shipped and e.scores.count() == 24
    sc = _score(e, 7)
    assert sc.indicator.title == "Perkawinan anak" and sc.score == Decimal(30) and sc.evidence == "Data PA" and sc.reviewer_comment == "cek"
    assert AuditEvent.objects.filter(action="kla.evaluation_move", object_id=str(e.pk)).exists()
    assert "judul perlu dilengkapi" not in login(sup).get(f"/kla/evaluasi/{e.pk}/").content.decode()


def test_move_is_refused_when_a_score_would_exceed_the_new_maximum(pasuruan):
    old = _placeholder_set()
    sup = pasuruan.users["supervisor"]
    e = S.evaluation_create(actor=sup, city_code="35.75", year=2024, indicator_set=old)
    S.score_set(actor=sup, score=_score(e, 1), value=42)
    shipped = IndicatorSet.objects.exclude(pk=old.pk).get(version__startswith="2022-naungan-2")
    ind = shipped.clusters.get(code="K").indicators.get(number=1)
    S.indicator_update(actor=pasuruan.users["admin"], indicator=ind, title=ind.title, max_score=40, needs_review=True)
    with pytest.raises(DomainError, match="melebihi"):
        S.evaluation_move(actor=sup, evaluation=e, indicator_set=shipped)
    e.refresh_from_db()
    assert e.indicator_set == old and _score(e, 1).score == 42


def test_move_is_refused_outside_scope(pasuruan, blitar, evaluation, login):
    other = _placeholder_set()
    for user in (pasuruan.users["analyst"], pasuruan.users["auditor"], blitar.users["supervisor"], pasuruan.users["satgas_0"]):
        assert login(user).post(f"/kla/evaluasi/{evaluation.pk}/pindah-set/", {"indicator_set": other.pk}).status_code == 404
    assert login(pasuruan.users["supervisor"]).get(f"/kla/evaluasi/{evaluation.pk}/pindah-set/").status_code == 404
    evaluation.refresh_from_db()
    assert evaluation.indicator_set != other


def test_api_returns_the_new_figures_and_refuses_other_cities(pasuruan, blitar, evaluation):
    api = APIClient()
    api.force_authenticate(pasuruan.users["analyst"])
    out = api.get(f"/api/v1/kla/evaluations/{evaluation.pk}/").json()
    assert {"child_marriage_cases", "child_victims_by_special_protection", "outreach_by_topic", "dekela_complete"} <= set(out["figures"])
    exported = api.get(f"/api/v1/kla/indicator-sets/{evaluation.indicator_set_id}/").json()
    assert exported["clusters"][0]["indicators"][0]["source"] and exported["clusters"][0]["indicators"][0]["evidence"]
    api.force_authenticate(blitar.users["analyst"])
    assert api.get(f"/api/v1/kla/evaluations/{evaluation.pk}/").status_code == 404
