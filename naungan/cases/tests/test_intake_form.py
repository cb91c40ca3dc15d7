"""Intake: grouped fieldsets, labels before their controls, and a second victim or perpetrator
added without a reload (htmx fragment) or, without JavaScript, by a plain reload."""

import re

import pytest

from naungan.cases.models import Case
from naungan.cases.tests.test_views import intake

pytestmark = pytest.mark.django_db


def test_the_forms_of_violence_label_comes_before_its_checkboxes(pasuruan, login):
    body = login(pasuruan.users["case_manager"]).get("/kasus/baru/").content.decode()
    block = re.search(r'<fieldset class="field checkbox-field"><legend>Bentuk kekerasan</legend>.*?</fieldset>', body, re.S)
    assert block and block.group(0).index("Bentuk kekerasan") < block.group(0).index('type="checkbox"')
    assert body.count("<fieldset") >= 5 and 'class="intake-grid"' in body


def test_htmx_fragment_adds_a_victim_group_and_moves_the_button(pasuruan, login):
    c = login(pasuruan.users["case_manager"])
    body = c.get("/kasus/baru/orang/?peran=korban&i=2", HTTP_HX_REQUEST="true").content.decode()
    assert 'name="v2_name"' in body and 'name="v2_sex"' in body and 'id="victim-2"' in body
    assert 'hx-swap-oob="true"' in body and "i=3" in body
    assert c.get("/kasus/baru/orang/?peran=siapa&i=2").status_code == 404
    assert c.get("/kasus/baru/orang/?peran=korban&i=99").status_code == 404


def test_the_fragment_is_refused_outside_casework(pasuruan, blitar, login):
    for user in [pasuruan.users["partner_police"], pasuruan.users["analyst"], pasuruan.users["community"]]:
        assert login(user).get("/kasus/baru/orang/?peran=korban&i=2").status_code == 404


def test_without_javascript_the_add_button_reloads_with_what_was_typed(pasuruan, login):
    c = login(pasuruan.users["case_manager"])
    r = c.post("/kasus/baru/", {**intake(pasuruan), "action": "tambah_korban"})
    body = r.content.decode()
    assert r.status_code == 200 and 'name="v2_name"' in body and 'value="Rina Marlina"' in body
    assert not Case.objects.exists() and 'class="errorlist"' not in body
    r = c.post("/kasus/baru/", {**intake(pasuruan), "v2_name": "Dewi", "action": "tambah_pelaku"})
    body = r.content.decode()
    assert 'name="p2_name"' in body and 'value="Dewi"' in body


def test_two_victims_and_two_perpetrators_are_registered(pasuruan, login):
    c = login(pasuruan.users["case_manager"])
    data = {**intake(pasuruan, action="simpan"), "v2_name": "Dewi Anggraini", "v2_sex": "P", "v2_estimated_age": "9",
            "p2_name": "Paman", "p2_relation": "keluarga"}
    r = c.post("/kasus/baru/", data)
    assert r.status_code == 302, r.content.decode()[:3000]
    case = Case.objects.get()
    victims = list(case.persons.filter(role="victim").order_by("id"))
    assert [v.name for v in victims] == ["Rina Marlina", "Dewi Anggraini"] and victims[1].age_at_incident == 9 or victims[1].estimated_age == 9
    assert sorted(p.name for p in case.persons.filter(role="perpetrator")) == ["Budi", "Paman"]


def test_a_second_victim_needs_a_sex(pasuruan, login):
    r = login(pasuruan.users["case_manager"]).post("/kasus/baru/", {**intake(pasuruan, action="simpan"), "v2_name": "Dewi"})
    assert r.status_code == 200 and not Case.objects.exists() and "Pilih jenis kelamin korban." in r.content.decode()
