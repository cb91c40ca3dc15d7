"""Factories for public reports: stored by `report_submit` (tracking code, PIN hash, notices,
aggregates) as the portal stores them. The PIN shown to the reporter is on `report.pin`.

    ReportFactory()                                  # a neighbour's report from Kota Pasuruan
    ReportFactory(reporter_kind="anonim", danger_now=True, city_code="35.72")
"""

from __future__ import annotations

import factory

from naungan.accounts.tests.factories import ServiceFactory
from naungan.accounts.tests.personas import personas
from naungan.reporting.models import Report
from naungan.reporting.services import report_submit


def _submit(**kwargs) -> Report:
    report, pin, _replayed = report_submit(**kwargs)
    report.pin = pin  # only its hash is stored: the test keeps what the reporter was shown
    return report


class ReportFactory(ServiceFactory):
    class Meta:
        model = Report

    _service = staticmethod(_submit)
    city_code = "35.75"
    form_token = None
    reporter_kind = "tetangga"
    kelurahan_code = factory.LazyAttribute(lambda o: personas.kelurahan(o.city_code, 0))
    what = factory.LazyFunction(lambda: ["dipukul"])
    description = "Anak tetangga sering dipukul ayahnya sampai menangis."
