"""A transfer moves the figures: both cities' maintained aggregates follow it, and equal a
rebuild from the raw rows."""

import pytest
from django.db.models import Sum

from naungan.services import services as SS
from naungan.stats.aggregates import fact_rows, rebuild
from naungan.stats.models import Fact
from naungan.transfers import services as S

pytestmark = pytest.mark.django_db


def totals(city, **kw):
    return Fact.objects.filter(grain="y", kind="case", city=city, **kw).aggregate(n=Sum("n"), open_n=Sum("open_n"), closed_n=Sum("closed_n"))


def test_a_transfer_updates_the_aggregates_of_both_cities(pasuruan, kediri, pasuruan_case):
    cm = pasuruan.users["case_manager"]
    victim = pasuruan_case.persons.get(role="victim")
    SS.service_record(actor=cm, case=pasuruan_case, service="visum", person_id=victim.pk, status="done")
    assert totals("35.75")["open_n"] == 1 and totals("35.71")["n"] is None
    t = S.transfer_send(actor=cm, case=pasuruan_case, to_code="35.71", reason="Pindah", shared_fields=[], consent_relation="ibu",
                        consent_method="tertulis")
    S.transfer_accept(actor=kediri.users["supervisor"], transfer=t)
    # the sending city keeps its (now closed) case; the receiving city counts the new one, open
    assert totals("35.75") == {"n": 1, "open_n": 0, "closed_n": 1}
    assert totals("35.71") == {"n": 1, "open_n": 1, "closed_n": 0}
    # services travelled with the history: counted in the receiving city now
    assert Fact.objects.filter(grain="y", kind="service", city="35.71").exists()
    assert not Fact.objects.filter(grain="y", kind="service", city="35.75", n__gt=0).exists()
    incremental = fact_rows()
    rebuild()
    assert fact_rows() == incremental
