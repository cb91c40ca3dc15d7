import pytest

from naungan.transfers.models import Transfer

pytestmark = pytest.mark.django_db


def intake(world, **kw):
    data = {
        "channel": "datang_uptd", "received_at": "2026-11-20T09:30", "kelurahan": world.kelurahan[0].code,
        "incident_date": "2026-11-18", "place": "rumah_tangga", "forms_": ["fisik"], "chronology": "Dipukul",
        "v_name": "Siti Aminah", "v_sex": "P", "v_birth_date": "2014-03-05", "v_nik": "3575014503140001", "v_phone": "",
        "p_name": "", "p_sex": "", "p_estimated_age": "", "p_relation": "", "action": "periksa",
    }
    data.update(kw)
    return data


def test_intake_in_another_city_says_only_which_city_may_hold_a_match(pasuruan, kediri, pasuruan_case, login):
    client = login(kediri.users["case_manager"])
    r = client.post("/kasus/baru/", intake(kediri))
    body = r.content.decode()
    assert r.status_code == 200 and "KOTA PASURUAN".lower() in body.lower() and "minta pemindahan" in body
    assert pasuruan_case.number not in body and "Budi" not in body and "dipukul di rumah" not in body
    assert "Ajukan permintaan pemindahan" not in body  # a case manager asks their supervisor
    # saving anyway is possible
    r = client.post("/kasus/baru/", intake(kediri, action="simpan"))
    assert r.status_code == 302


def test_name_and_birth_date_match_across_cities_too(pasuruan, kediri, pasuruan_case, login):
    client = login(kediri.users["case_manager"])
    body = client.post("/kasus/baru/", intake(kediri, v_nik="", v_name="Siti Aminah")).content.decode()
    assert "matches-elsewhere" in body


def test_no_match_no_notice(pasuruan, kediri, pasuruan_case, login):
    body = login(kediri.users["case_manager"]).post("/kasus/baru/", intake(kediri, v_nik="3571014503140002", v_name="Rina", v_birth_date="2012-01-01")).content.decode()
    assert "matches-elsewhere" not in body


def test_a_supervisor_asks_for_the_transfer_from_the_notice(pasuruan, kediri, pasuruan_case, login):
    client = login(kediri.users["supervisor"])
    body = client.post("/kasus/baru/", intake(kediri)).content.decode()
    import re

    ref = re.search(r"/pindah/minta/\?ref=([\w-]+)", body).group(1)
    assert str(pasuruan_case.pk) != ref
    assert client.get(f"/pindah/minta/?ref={ref}").status_code == 200
    r = client.post("/pindah/minta/", {"ref": ref, "reason": "Keluarga pindah", "consent_relation": "korban sendiri",
                                       "consent_method": "lisan", "consent_confirm": "on"})
    assert r.status_code == 302
    t = Transfer.objects.get()
    assert t.case_id == pasuruan_case.pk and t.direction == "request"
    body = client.get(r["Location"]).content.decode()
    assert "Siti" not in body
    # a reference from another session means nothing
    other = login(kediri.users["supervisor"])
    other.logout()
    other.force_login(kediri.users["supervisor"])
    r = other.post("/pindah/minta/", {"ref": ref, "reason": "x", "consent_relation": "ibu", "consent_method": "lisan", "consent_confirm": "on"})
    assert r.status_code == 200 and Transfer.objects.count() == 1
