"""KLA figures read the maintained aggregates only (no case rows)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from naungan.kla.figures import case_figures
from naungan.stats.tests.test_from_aggregates import add, raw_reads

pytestmark = pytest.mark.django_db


def test_kla_case_figures_come_from_aggregates(pasuruan, django_assert_max_num_queries):
    add(pasuruan, 2, age=9)
    add(pasuruan, 1, age=30)
    year = timezone.localtime(timezone.now() - timedelta(days=5)).year
    with django_assert_max_num_queries(10) as ctx:
        fig = case_figures("35.75", year)
    assert raw_reads(ctx.captured_queries) == []
    assert fig["cases"] == 3 and fig["child_cases"] == 2 and fig["child_victims"] == 2 and fig["child_victims_served"] == 0
