"""The value sets (code lists): loaded from catalogues/data/*.json by every migrate, read through
the per-process cache of catalogues.selectors. No page or API of its own (catalogues/urls.py is
empty): the values reach users through the forms and APIs of the other apps."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from naungan.catalogues import selectors as C
from naungan.catalogues import services as S
from naungan.catalogues.models import Code

pytestmark = pytest.mark.django_db


def test_every_value_of_the_files_is_in_the_table_after_migrate():
    definitions = S.catalogue_definitions()
    assert {"case_type", "violence_form", "place", "prevention_topic", "report_what", "service"} <= set(definitions)
    assert not any(kind.startswith("_") for kind in definitions)  # "_about" is a comment of the file
    for kind, values in definitions.items():
        assert [c.code for c in C.values(kind, include_inactive=True)] == [v["code"] for v in sorted(
            values, key=lambda v: (v.get("sort_order", values.index(v)), v["code"]))], kind
    assert Code.objects.count() == sum(len(v) for v in definitions.values())


def test_values_are_ordered_cached_and_read_once_per_process():
    C.clear_cache()
    with CaptureQueriesContext(connection) as ctx:
        first = C.values("risk")
        assert C.values("risk") is first
        assert C.codes("risk") == {"tinggi", "sedang", "rendah"}
        assert C.label("risk", "tinggi") == "Tinggi"
    assert len(ctx.captured_queries) == 2  # active values; all values (for the label) — each once
    assert [c.code for c in first] == ["tinggi", "sedang", "rendah"]  # the file's order, not the alphabet


def test_labels_follow_the_language_and_an_unknown_code_is_shown_as_it_is():
    with translation.override("en"):
        assert C.label("risk", "tinggi") == "High"
        assert ("tinggi", "High") in C.choices("risk")
    with translation.override("id"):
        assert C.label("risk", "tinggi") == "Tinggi"
        assert C.choices("risk", blank=True)[0] == ("", "—")
    assert C.label("risk", "tidak_ada") == "tidak_ada"
    assert C.label("risk", "") == "" and C.label("risk", None) == ""
    assert C.get("risk", "sedang").label_en == "Medium" and C.get("risk", "tidak_ada") is None


def test_an_english_label_falls_back_to_the_indonesian_one():
    Code.objects.create(kind="uji", code="a", label="Satu", label_en="", sort_order=1)
    C.clear_cache()
    with translation.override("en"):
        assert C.label("uji", "a") == "Satu"
        assert C.choices("uji") == [("a", "Satu")]


def test_a_value_removed_from_the_files_becomes_inactive_and_keeps_its_label(monkeypatch):
    definitions = S.catalogue_definitions()
    definitions["risk"] = [v for v in definitions["risk"] if v["code"] != "rendah"] + [
        {"code": "darurat", "label": "Darurat", "label_en": "Emergency", "simfoni": "DARURAT", "extra": {"hours": 1}}]
    definitions["risk"][0] = dict(definitions["risk"][0], label="Sangat tinggi")
    monkeypatch.setattr(S, "catalogue_definitions", lambda: definitions)
    assert C.codes("risk") == {"tinggi", "sedang", "rendah"}  # cached before the sync…
    touched = S.catalogue_sync()
    assert touched == sum(len(v) for v in definitions.values())
    assert C.codes("risk") == {"tinggi", "sedang", "darurat"}  # …and the sync clears the cache
    assert C.label("risk", "rendah") == "Rendah"  # old records still show their value
    assert not Code.objects.get(kind="risk", code="rendah").active
    new = C.get("risk", "darurat")
    assert (new.simfoni, new.extra, new.sort_order) == ("DARURAT", {"hours": 1}, 2)
    assert C.label("risk", "tinggi") == "Sangat tinggi"


def test_a_value_set_defined_in_two_files_is_refused(tmp_path, monkeypatch):
    (tmp_path / "a.json").write_text(json.dumps({"_about": "x", "risk": [{"code": "a", "label": "A"}]}), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"risk": [{"code": "b", "label": "B"}]}), encoding="utf-8")
    monkeypatch.setattr(S, "DATA_DIR", tmp_path)
    assert [p.name for p in S.catalogue_files()] == ["a.json", "b.json"]
    with pytest.raises(ValueError, match="risk.*twice.*b.json"):
        S.catalogue_definitions()


def test_the_management_command_syncs_and_says_how_many(capsys):
    Code.objects.filter(kind="risk", code="tinggi").update(label="diubah", active=False)
    call_command("load_catalogues")
    assert "nilai katalog disinkronkan" in capsys.readouterr().out
    row = Code.objects.get(kind="risk", code="tinggi")
    assert (row.label, row.active) == ("Tinggi", True)
    assert str(row) == "Tinggi"


def test_the_catalogue_address_has_no_page(client, pasuruan):
    client.force_login(pasuruan.users["admin"])
    assert client.get("/katalog/").status_code == 404
