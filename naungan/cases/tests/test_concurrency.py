import threading

import pytest
from django.db import connection

from naungan.accounts.demo import build_city
from naungan.cases.models import Case
from naungan.cases.services import case_register


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_gap_free_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer")
    world = build_city("35.75", password="pw-test-123456")
    officers = [world.users[k] for k in ("case_manager", "supervisor", "ppt_0", "ppt_1", "satgas_0", "satgas_1")]
    barrier = threading.Barrier(len(officers) * 2)
    errors = []

    def register(user):
        from django.db import connections

        try:
            barrier.wait(timeout=30)
            case_register(actor=user, city_code="35.75", channel="telepon", persons=[{"role": "victim", "name": "Anonim"}])
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(u,)) for u in officers * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    seqs = sorted(Case.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, len(officers) * 2 + 1))
    assert len(set(Case.objects.values_list("number", flat=True))) == len(seqs)
