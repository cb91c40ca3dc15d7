"""Rotating the field keys and the blind-index key (README: Keys)."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError

from naungan.audit.models import AuditEvent
from naungan.audit.services import audit_verify
from naungan.cases.models import Person
from naungan.cases.selectors import case_list, possible_duplicates
from naungan.core.crypto import SealedTextField, blind_index
from naungan.ops import keys as K
from naungan.ops.models import KeyRotation
from naungan.prevention.models import PerkasaMember
from naungan.prevention.services import DUPLICATE_NIK, perkasa_register

from .fill import fill_city

pytestmark = pytest.mark.django_db

OLD = "bmF1bmdhbi1kZW1vLWZpZWxkLWtleS0zMi1ieXRlcyE="  # the demo key the data was written with


def all_sealed_values() -> dict:
    """Every sealed value of every model, opened through the ORM."""
    out = {}
    for model, fields in K.sealed_fields().items():
        for row in model.objects.values_list("pk", *[f.name for f in fields]):
            out[(model._meta.label, row[0])] = row[1:]
    return out


def test_sealed_columns_are_found_by_introspection_in_every_app():
    found = {(m._meta.label, f.name) for m, fields in K.sealed_fields().items() for f in fields}
    for expected in [("cases.Person", "name"), ("cases.Person", "nik"), ("cases.Case", "chronology"), ("cases.CaseEvent", "body"),
                     ("services.Referral", "request"), ("reporting.Report", "contact_phone"), ("prevention.PerkasaMember", "nik"),
                     ("privacy.DataSubjectRequest", "requester_name")]:
        assert expected in found
    assert all(isinstance(f, SealedTextField) for fields in K.sealed_fields().values() for f in fields)


def test_rotating_field_keys_reencrypts_everything_then_the_old_key_can_go(pasuruan, settings):
    fill_city(pasuruan)
    before = all_sealed_values()
    assert len(before) > 15
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, OLD]
    with pytest.raises(CommandError, match="NOT DONE"):
        call_command("rotate_field_keys", "--verify")
    call_command("rotate_field_keys", "--batch", "4", verbosity=0)
    call_command("rotate_field_keys", "--verify")
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key removed
    assert all_sealed_values() == before
    event = AuditEvent.objects.filter(action="keys.field_rotation").get()
    assert event.changes["finished"] == [None, True] and event.changes["values"][1] >= len(before)
    assert audit_verify().ok


def test_an_interrupted_rotation_resumes_where_it_stopped(pasuruan, settings):
    fill_city(pasuruan)
    before = all_sealed_values()
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, OLD]
    first = K.rotate_field_keys(batch=2, max_rows=5)
    assert not first.finished and first.rows == 5
    state = KeyRotation.objects.get(finished_at__isnull=True)
    assert state.rows == 5 and state.progress
    second = K.rotate_field_keys(batch=50)
    assert second.finished and KeyRotation.objects.get().finished_at is not None
    assert K.values_not_under_primary() == {}
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert all_sealed_values() == before


def test_rotation_never_overwrites_an_edit_made_while_it_runs(pasuruan, settings, monkeypatch):
    f = fill_city(pasuruan)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), OLD]
    real = K._select_batch

    def select_then_someone_edits(model, columns, after, size):
        rows = real(model, columns, after, size)
        if model is Person and Person.objects.get(pk=f.victim.pk).name != "Siti Rahmawati":
            Person.objects.filter(pk=f.victim.pk).update(name="Siti Rahmawati")  # saved by the app, under the new key
        return rows

    monkeypatch.setattr(K, "_select_batch", select_then_someone_edits)
    K.rotate_field_keys(batch=100)
    assert Person.objects.get(pk=f.victim.pk).name == "Siti Rahmawati"
    assert K.values_not_under_primary() == {}


def _search(user, q):
    return set(case_list(user=user, filters={"q": q}).values_list("pk", flat=True))


def test_search_works_before_during_and_after_a_blind_index_rotation(pasuruan, settings):
    f = fill_city(pasuruan)
    sup = pasuruan.users["supervisor"]
    queries = {"Sukarno": {f.case.pk}, "siti djojo": {f.case.pk}, "3575014503140001": {f.case.pk}, "0812 3456 7890": {f.case.pk},
               "Dewi Lestari": {f.other_case.pk}}
    assert {q: _search(sup, q) for q in queries} == queries  # before

    old = settings.BLIND_INDEX_KEY
    settings.BLIND_INDEX_KEY = "a-brand-new-blind-index-key-0123456789"
    assert _search(sup, "Sukarno") == set()  # the new key alone cannot find the old tokens…
    with pytest.raises(CommandError, match="NAUNGAN_BLIND_INDEX_OLD_KEYS"):
        call_command("rotate_blind_index_key")
    settings.BLIND_INDEX_OLD_KEYS = [old]  # …so the old key stays configured during the change
    report = K.rotate_blind_index_key(batch=1, max_rows=2)  # interrupted half-way
    assert not report.finished
    assert {q: _search(sup, q) for q in queries} == queries  # during
    hits = possible_duplicates(user=sup, nik="3575014503140001", phone="+6281234567890", name="Siti Aminah Djojo", birth_date="2014-03-05")
    assert [h.case.pk for h in hits] == [f.case.pk]
    with pytest.raises(Exception, match=DUPLICATE_NIK[:20]):  # one NIK once per city, also mid-rotation
        perkasa_register(actor=sup, city_code="35.75", kelurahan=pasuruan.kelurahan[0].code, name="Sri W.", nik="3575015001800002",
                         income_band="lt1")

    call_command("rotate_blind_index_key", verbosity=0)
    settings.BLIND_INDEX_OLD_KEYS = []  # after: old key removed
    assert {q: _search(sup, q) for q in queries} == queries
    assert PerkasaMember.objects.filter(nik_bidx=blind_index("nik", "3575015001800002")).count() == 1
    assert AuditEvent.objects.filter(action="keys.blind_index_rotation").exists()


def test_every_model_with_a_blind_index_has_a_reindexer():
    assert K.unregistered_blind_index_models() == []
