"""After migrate, cases without aggregates (an upgrade, a restore) get them."""

import pytest

from naungan.cases.services import case_register
from naungan.stats.aggregates import ensure_aggregates, fact_rows
from naungan.stats.models import CaseContribution, Fact

pytestmark = pytest.mark.django_db


def test_missing_aggregates_are_rebuilt_after_migrate(pasuruan):
    case_register(actor=pasuruan.users["case_manager"], city_code="35.75", channel="telepon", forms=["fisik"],
                  persons=[{"role": "victim", "name": "X", "estimated_age": 9}])
    before = fact_rows()
    Fact.objects.all().delete()
    CaseContribution.objects.all().delete()
    ensure_aggregates(using="default")
    assert fact_rows() == before
