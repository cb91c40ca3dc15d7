import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from naungan.audit.models import AuditEvent
from naungan.audit.services import audit_record, audit_verify


def _events(n, actor=None):
    return [audit_record(actor=actor, action="test.event", object_type="x", object_id=i, changes={"n": [i, i + 1]}) for i in range(n)]


@pytest.mark.django_db
def test_chain_verifies_and_command_says_ok(capsys):
    _events(5)
    assert audit_verify().ok
    call_command("verify_audit")
    assert "OK: 5 events verified" in capsys.readouterr().out


@pytest.mark.django_db
def test_verify_audit_detects_an_edited_row():
    events = _events(5)
    AuditEvent.objects.filter(pk=events[2].pk).update(changes={"n": [0, 99]})
    result = audit_verify()
    assert not result.ok and result.seq == 3 and "altered" in result.problem
    with pytest.raises(CommandError, match="event #3 was altered"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_verify_audit_detects_a_deleted_row():
    events = _events(5)
    AuditEvent.objects.filter(pk=events[1].pk).delete()
    with pytest.raises(CommandError, match="event #2 is missing"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_verify_audit_detects_removal_of_the_newest_row():
    events = _events(3)
    AuditEvent.objects.filter(pk=events[-1].pk).delete()
    result = audit_verify()
    assert not result.ok and result.seq == 3


@pytest.mark.django_db
def test_events_record_actor_and_origin(pasuruan):
    e = audit_record(actor=pasuruan.users["admin"], action="x", object_type="t", object_id=1, origin={"ip": "127.0.0.1"})
    e.refresh_from_db()
    assert e.actor_label == pasuruan.users["admin"].username
    assert e.origin == {"ip": "127.0.0.1"}
