import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from naungan.cases.services import case_register
from naungan.core.errors import DomainError
from naungan.kla import services as S
from naungan.kla.figures import figures
from naungan.kla.models import Indicator, Score

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("total,level", [(0, None), (499, None), (499.99, None), (500, "Pratama"), (600, "Pratama"), (600.5, "Pratama"),
                                         (601, "Madya"), (700, "Madya"), (701, "Nindya"), (800, "Nindya"), (801, "Utama"), (900, "Utama"),
                                         (901, "KLA"), (1000, "KLA")])
def test_level_follows_the_thresholds_at_each_boundary(total, level):
    assert S.level_for(total) == level


def test_next_level_and_points_needed():
    assert S.next_level(560) == ("Madya", Decimal(41))
    assert S.next_level(450) == ("Pratama", Decimal(50))
    assert S.next_level(950) is None


@pytest.fixture
def evaluation(pasuruan):
    S.load_default_set()
    return S.evaluation_create(actor=pasuruan.users["supervisor"], city_code="35.75", year=2025)


def _score_all(e, user, ratio):
    for sc in e.scores.select_related("indicator"):
        S.score_set(actor=user, score=sc, value=sc.indicator.max_score * Decimal(ratio))


def test_default_set_has_24_indicators_totalling_1000_and_is_marked_for_review(evaluation):
    inds = Indicator.objects.filter(cluster__indicator_set=evaluation.indicator_set)
    assert inds.count() == 24 and sum(i.max_score for i in inds) == 1000
    assert inds.get(number=1).title.startswith("Peraturan daerah")
    assert all(i.needs_review for i in inds)


def test_incomplete_evaluation_says_so(pasuruan, evaluation):
    sc = evaluation.scores.first()
    S.score_set(actor=pasuruan.users["supervisor"], score=sc, value=sc.indicator.max_score)
    s = S.evaluation_summary(evaluation)
    assert not s.complete and s.level is None and len(s.missing) == 23


def test_complete_evaluation_gets_its_level(pasuruan, evaluation, login):
    _score_all(evaluation, pasuruan.users["supervisor"], "0.64")
    s = S.evaluation_summary(evaluation)
    assert s.complete and s.level == "Madya" and s.next[0] == "Nindya"
    body = login(pasuruan.users["analyst"]).get(f"/kla/evaluasi/{evaluation.pk}/").content.decode()
    assert "Madya" in body


def test_score_out_of_range_is_refused(pasuruan, evaluation):
    sc = evaluation.scores.select_related("indicator").first()
    with pytest.raises(DomainError, match="antara 0 dan"):
        S.score_set(actor=pasuruan.users["supervisor"], score=sc, value=sc.indicator.max_score + 1)


def test_top_level_needs_zero_violence(pasuruan, evaluation):
    _score_all(evaluation, pasuruan.users["supervisor"], "0.95")
    assert S.evaluation_summary(evaluation, figures={"zero_violence": True}).level == "KLA"
    s = S.evaluation_summary(evaluation, figures={"zero_violence": False})
    assert s.level == "Utama" and s.top_blocked


def test_edited_indicator_set_changes_scoring_without_code(pasuruan, evaluation):
    _score_all(evaluation, pasuruan.users["supervisor"], "1")
    ind = Indicator.objects.get(cluster__indicator_set=evaluation.indicator_set, number=24)
    S.indicator_update(actor=pasuruan.users["admin"], indicator=ind, title=ind.title, max_score=Decimal(141), needs_review=False)
    sc = Score.objects.get(evaluation=evaluation, indicator=ind)
    S.score_set(actor=pasuruan.users["supervisor"], score=sc, value=141)
    assert S.evaluation_summary(evaluation).total == 1100


def test_import_export_round_trip(pasuruan, evaluation, login):
    data = S.indicator_set_export(evaluation.indicator_set)
    data["version"] = "uji-2"
    data["clusters"][0]["indicators"][0]["max_score"] = 60
    client = login(pasuruan.users["admin"])
    r = client.post("/kla/indikator/", {"file": SimpleUploadedFile("set.json", json.dumps(data).encode())}, follow=True)
    assert "diperbarui" in r.content.decode()
    exported = client.get("/kla/indikator/").content.decode()
    assert "uji-2" in exported
    bad = client.post("/kla/indikator/", {"file": SimpleUploadedFile("x.json", b"not json")}, follow=True)
    assert "JSON" in bad.content.decode()
    assert login(pasuruan.users["supervisor"]).post("/kla/indikator/", {"default": "1"}).status_code == 404


def test_figures_equal_the_underlying_records(pasuruan, evaluation):
    from naungan.services.services import service_record

    cm = pasuruan.users["case_manager"]
    a = case_register(actor=cm, city_code="35.75", channel="telepon", persons=[{"role": "victim", "name": "A", "estimated_age": 9}])
    case_register(actor=cm, city_code="35.75", channel="telepon", persons=[{"role": "victim", "name": "B", "estimated_age": 10}])
    case_register(actor=cm, city_code="35.75", channel="telepon", persons=[{"role": "victim", "name": "C", "estimated_age": 30}])
    service_record(actor=cm, case=a, service="psikososial", status="done")
    year = a.year
    f = figures("35.75", year)
    assert f["cases_handled"] == 3 and f["child_victims"] == 2 and f["child_victims_served"] == 1 and f["child_victims_served_share"] == 50
    assert f["zero_violence"] is False
    assert figures("35.75", year - 5)["zero_violence"] is True


def test_pdf_renders(pasuruan, evaluation, login):
    r = login(pasuruan.users["supervisor"]).get(f"/kla/evaluasi/{evaluation.pk}/laporan.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF") and len(r.content) > 1500


def test_scope(pasuruan, blitar, evaluation, login):
    for key in ["case_manager", "ppt_0", "satgas_0", "partner_police", "community"]:
        c = login(pasuruan.users[key])
        assert c.get("/kla/").status_code == 404, key
        assert c.get(f"/kla/evaluasi/{evaluation.pk}/").status_code == 404, key
    assert login(blitar.users["supervisor"]).get(f"/kla/evaluasi/{evaluation.pk}/").status_code == 404
    sc = evaluation.scores.first()
    r = login(pasuruan.users["analyst"]).post(f"/kla/evaluasi/{evaluation.pk}/", {"score": sc.pk, "value": "1"})
    assert r.status_code == 404
    api = APIClient()
    api.force_authenticate(blitar.users["analyst"])
    assert api.get(f"/api/v1/kla/evaluations/{evaluation.pk}/").status_code == 404
    api.force_authenticate(pasuruan.users["analyst"])
    assert api.get("/api/v1/kla/evaluations/").json()["results"][0]["year"] == 2025


def test_dekela_checklist_coverage(pasuruan, login):
    sup = pasuruan.users["supervisor"]
    from naungan.catalogues.selectors import codes

    for item in codes("dekela_item"):
        S.dekela_set(actor=sup, kelurahan_code=pasuruan.kelurahan[0].code, item=item, status="ada")
    cov = S.dekela_coverage("35.75")
    assert cov["complete"] == 1 and cov["total"] == 34
    assert "1 dari 34" in login(sup).get("/kla/dekela/").content.decode()
    with pytest.raises(DomainError):
        S.dekela_set(actor=pasuruan.users["analyst"], kelurahan_code=pasuruan.kelurahan[0].code, item="sk_patbm", status="ada")


def test_comparison_year_over_year(pasuruan, evaluation, login):
    e2 = S.evaluation_create(actor=pasuruan.users["supervisor"], city_code="35.75", year=2024)
    _score_all(e2, pasuruan.users["supervisor"], "0.55")
    _score_all(evaluation, pasuruan.users["supervisor"], "0.64")
    body = login(pasuruan.users["auditor"]).get("/kla/perbandingan/").content.decode()
    assert "+90" in body and "Pratama" in body and "Madya" in body
