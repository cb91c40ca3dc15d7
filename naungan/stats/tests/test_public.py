from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from naungan.cases.services import case_register

pytestmark = pytest.mark.django_db


def add(pasuruan, n, kel=0, forms=("fisik",), age=10, days=5):
    now = timezone.now()
    for _ in range(n):
        case_register(actor=pasuruan.users["case_manager"], city_code="35.75", channel="telepon", kelurahan_code=pasuruan.kelurahan[kel].code,
                      forms=list(forms), received_at=now - timedelta(days=days),
                      persons=[{"role": "victim", "name": "Nama Rahasia", "estimated_age": age, "sex": "P"}])


def test_public_page_needs_no_login_and_shows_no_identity(client, pasuruan):
    add(pasuruan, 7)
    body = client.get("/statistik/publik/35.75/").content.decode()
    assert "Menuju nol kekerasan terhadap anak" in body and "Nama Rahasia" not in body and "35.75-" not in body
    assert "Cara membaca angka ini" in body
    for k in pasuruan.kelurahan[:3]:
        assert k.name not in body  # no kelurahan-level figures


def test_small_cells_are_suppressed_on_the_public_page(client, pasuruan):
    add(pasuruan, 7, forms=("fisik",))
    add(pasuruan, 2, forms=("seksual",))
    data = APIClient().get("/api/v1/stats/public/35.75/").json()
    forms = dict((lab, v) for lab, v in data["by_form"])
    assert forms["Fisik"] is None and forms["Seksual"] is None  # 2 primary, 7 complementary
    assert forms["Trafficking (TPPO)"] == 0
    k = data["kecamatan_by_quarter"]
    for row, tot in zip(k["cells"], k["row_totals"], strict=True):
        line = row + [tot]
        assert line.count(None) != 1
    for cell in [c for row in k["cells"] for c in row] + k["row_totals"] + k["col_totals"]:
        assert cell is None or cell == 0 or cell >= 5


def test_adults_do_not_count_toward_child_figures(client, pasuruan):
    add(pasuruan, 6, age=30)
    data = APIClient().get("/api/v1/stats/public/35.75/").json()
    assert all(v == 0 for _lab, v in data["by_form"])
    assert "nol kasus tercatat" in client.get("/statistik/publik/35.75/").content.decode()


def test_unknown_city_is_404(client):
    assert client.get("/statistik/publik/99.99/").status_code == 404
