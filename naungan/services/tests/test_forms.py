"""The services pages read their posts with forms: what cannot be read is a message on the page
(in Indonesian), never a server error; each action has its own view behind the same URL."""

import pytest

from naungan.accounts.roles import OrgKind
from naungan.cases.services import case_register
from naungan.services.forms import MoneyField
from naungan.services.models import Agreement, ServiceDelivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(pasuruan):
    return case_register(actor=pasuruan.users["case_manager"], city_code="35.75", channel="datang_uptd", kelurahan_code=pasuruan.kelurahan[0].code,
                         forms=["fisik"], persons=[{"role": "victim", "name": "Sari", "estimated_age": 9, "sex": "P"}])


def test_a_bad_date_on_a_case_action_is_a_message_and_nothing_is_saved(pasuruan, case, login):
    cm = login(pasuruan.users["case_manager"])
    r = cm.post(f"/layanan/kasus/{case.pk}/aksi/layanan/", {"service": "medis", "start_date": "2026-02-30"}, follow=True)
    assert r.status_code == 200 and "Tanggal tidak valid" in r.content.decode()
    assert not ServiceDelivery.objects.filter(case=case).exists()
    r = cm.post(f"/layanan/kasus/{case.pk}/aksi/layanan/", {"service": "medis", "start_date": "2026-02-03"}, follow=True)
    assert "Tersimpan." in r.content.decode()
    assert ServiceDelivery.objects.get(case=case).start_date.isoformat() == "2026-02-03"


def test_an_empty_date_is_today_and_the_case_page_form_goes_back_to_its_section(pasuruan, case, login):
    cm = login(pasuruan.users["case_manager"])
    r = cm.post(f"/layanan/kasus/{case.pk}/aksi/layanan/", {"service": "medis", "next": "kasus"})
    assert r.status_code == 302 and r["Location"].endswith(f"/kasus/{case.pk}/#layanan")
    r = cm.post(f"/layanan/kasus/{case.pk}/aksi/hukum/", {"stage": "penyidikan", "next": "kasus"})
    assert r["Location"].endswith(f"/kasus/{case.pk}/#hukum")
    assert ServiceDelivery.objects.get(case=case).start_date is not None


def test_bad_money_is_a_message(pasuruan, case, login):
    cm = login(pasuruan.users["case_manager"])
    for bad in ("lima juta", "NaN", "1" * 20):
        r = cm.post(f"/layanan/kasus/{case.pk}/aksi/hukum/", {"stage": "penyidikan", "restitution_paid": bad}, follow=True)
        assert r.status_code == 200 and "Jumlah uang tidak valid." in r.content.decode()


def test_an_unknown_action_or_a_bad_id_is_a_404(pasuruan, case, login):
    cm = login(pasuruan.users["case_manager"])
    assert cm.post(f"/layanan/kasus/{case.pk}/aksi/tidak-ada/", {}).status_code == 404
    assert cm.post(f"/layanan/kasus/{case.pk}/aksi/layanan-status/", {"delivery": "abc"}).status_code == 404
    assert cm.post(f"/layanan/kasus/{case.pk}/aksi/rujuk/", {"agency": "1; drop"}).status_code == 404
    assert cm.get(f"/layanan/kasus/{case.pk}/aksi/layanan/").status_code == 405


def test_coordination_forms_refuse_a_bad_date(pasuruan, login):
    sup = login(pasuruan.users["supervisor"])
    r = sup.post("/layanan/koordinasi/", {"form": "mou", "title": "MoU rumah sakit", "start_date": "kemarin",
                                          "parties": [pasuruan.orgs[OrgKind.SHELTER].pk]}, follow=True)
    assert r.status_code == 200 and "Tanggal tidak valid" in r.content.decode()
    assert not Agreement.objects.exists()
    r = sup.post("/layanan/koordinasi/", {"form": "mou", "title": "MoU rumah sakit", "start_date": "2026-01-01",
                                          "parties": [pasuruan.orgs[OrgKind.SHELTER].pk, "x"]}, follow=True)
    assert Agreement.objects.get().parties.count() == 1


def test_agency_capacity_must_be_a_number(pasuruan, login):
    shelter = pasuruan.orgs[OrgKind.SHELTER]
    r = login(pasuruan.users["supervisor"]).post(f"/layanan/mitra/{shelter.pk}/", {"capacity": "banyak", "hours": "24 jam"})
    assert r.status_code == 200 and "Kapasitas harus angka." in r.content.decode()


@pytest.mark.parametrize("typed, amount", [("15.000.000", 15000000), ("15,000,000", 15000000), ("", None), ("0", 0)])
def test_money_as_typed(typed, amount):
    assert MoneyField().clean(typed) == amount
