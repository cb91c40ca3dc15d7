"""The KLA pages parse their posts with forms: a bad year, score or date comes back as a message
in Bahasa Indonesia (never a server error), and a good one reaches the service as a clean value."""

from datetime import date
from decimal import Decimal

import pytest

from naungan.kla import services as S
from naungan.kla.models import DekelaEntry, Evaluation

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(pasuruan):
    return S.evaluation_create(actor=pasuruan.users["supervisor"], city_code="35.75", year=2025)


@pytest.mark.parametrize("year", ["dua ribu", "", "99999", "-1"])
def test_a_bad_year_is_a_message_not_a_500(pasuruan, login, year):
    r = login(pasuruan.users["supervisor"]).post("/kla/", {"year": year}, follow=True)
    assert r.status_code == 200 and "Tahun tidak valid." in r.content.decode()
    assert not Evaluation.objects.exists()


def test_a_score_with_a_decimal_comma_is_kept_and_a_word_is_refused(pasuruan, login, evaluation):
    sc = evaluation.scores.select_related("indicator").order_by("indicator__number").first()
    client = login(pasuruan.users["supervisor"])
    r = client.post(f"/kla/evaluasi/{evaluation.pk}/", {"score": sc.pk, "value": "1,5", "evidence": "SK Gugus Tugas"}, follow=True)
    assert "Nilai disimpan." in r.content.decode()
    sc.refresh_from_db()
    assert sc.score == Decimal("1.5") and sc.evidence == "SK Gugus Tugas"
    r = client.post(f"/kla/evaluasi/{evaluation.pk}/", {"score": sc.pk, "value": "banyak"}, follow=True)
    assert r.status_code == 200 and f"Nilai indikator {sc.indicator.number} harus antara 0 dan" in r.content.decode()
    sc.refresh_from_db()
    assert sc.score == Decimal("1.5")
    # a score id that is no number is no score
    assert client.post(f"/kla/evaluasi/{evaluation.pk}/", {"score": "x", "value": "1"}).status_code == 404


def test_a_dekela_date_is_a_day_or_a_message(pasuruan, login):
    kel = pasuruan.kelurahan[0].code
    client = login(pasuruan.users["supervisor"])
    r = client.post("/kla/dekela/", {"kelurahan": kel, "item": "sk_forum_anak", "status": "ada", "date": "2026-02-30"}, follow=True)
    assert r.status_code == 200 and "Masukkan tanggal yang valid." in r.content.decode()
    assert not DekelaEntry.objects.exists()
    r = client.post("/kla/dekela/", {"kelurahan": kel, "item": "sk_forum_anak", "status": "ada", "date": "2026-02-03"}, follow=True)
    assert "Tersimpan." in r.content.decode()
    assert DekelaEntry.objects.get().date == date(2026, 2, 3)
