from datetime import timedelta

import pytest
from django.utils import timezone

from naungan.cases.models import Case
from naungan.cases.services import case_approve_closure, case_request_closure
from naungan.ops.tests.fill import fill_city


@pytest.fixture
def filled(pasuruan):
    return fill_city(pasuruan)


@pytest.fixture
def close_case(pasuruan):
    def _close(case, *, years_ago: float = 0, world=None):
        w = world or pasuruan
        case_request_closure(actor=w.users["case_manager"], case=case, reason="selesai_layanan")
        case_approve_closure(actor=w.users["supervisor"], case=Case.objects.get(pk=case.pk))
        Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=365.25 * years_ago))
        return Case.objects.get(pk=case.pk)
    return _close


def figures(client, user):
    """What the dashboard shows (the maintained figures), as the analyst sees them."""
    from django.core.cache import cache

    cache.clear()
    client.force_login(user)
    r = client.get("/api/v1/stats/summary/", {"date_from": "2000-01-01", "date_to": "2100-01-01"})
    assert r.status_code == 200, r.content
    client.logout()
    return r.json()
