"""Offboarding posts go through a form: an unknown action or a membership id that is no number is a
404 (nothing changes), a valid one ends the membership."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_offboarding_refuses_what_it_does_not_know(pasuruan, login):
    admin, subject = pasuruan.users["admin"], pasuruan.users["analyst"]
    m = subject.memberships.get()
    c = login(admin)
    url = reverse("accounts:user_detail", args=[subject.pk])
    assert c.post(url, {"action": "hapus"}).status_code == 404
    assert c.post(url, {"action": "cabut", "membership": "satu"}).status_code == 404
    m.refresh_from_db()
    assert m.active
    r = c.post(url, {"action": "cabut", "membership": m.pk}, follow=True)
    assert r.status_code == 200 and "Keanggotaan dicabut" in r.content.decode()
    m.refresh_from_db()
    assert not m.active
