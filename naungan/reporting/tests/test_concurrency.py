"""Two submissions of the same form at the same moment (a double tap on a slow network) store one
report, and both answers point at it."""

import threading

import pytest

from naungan.reporting import services as S
from naungan.reporting.models import Report

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_submissions_of_one_form_store_one_report(pasuruan):
    token = S.form_token_issue()
    kel = pasuruan.kelurahan[0].code
    barrier = threading.Barrier(4)
    results, errors = [], []

    def submit():
        from django.db import connections

        try:
            barrier.wait()
            report, pin, replayed = S.report_submit(city_code="35.75", form_token=token, reporter_kind="tetangga", kelurahan_code=kel,
                                                    what=["dipukul"], description="Sama persis.")
            results.append((report.pk, pin, replayed))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors  # on SQLite too: a writer refused for the lock is retried (naungan.core.sqlite)
    assert Report.objects.count() == 1
    assert {pk for pk, _, _ in results} == {Report.objects.get().pk}
    assert sum(1 for _, pin, replayed in results if pin and not replayed) == 1
