import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from naungan.regions.models import Level, Region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code,kecamatan,kelurahan", [("35.72", 3, 21), ("35.75", 4, 34), ("35.71", 3, 46), ("64.71", 6, 34)])
def test_seed_cities_load_with_the_counts_of_domain_md(code, kecamatan, kelurahan):
    call_command("load_region", code)
    assert Region.objects.filter(parent_id=code, level=Level.KECAMATAN).count() == kecamatan
    assert Region.objects.filter(code__startswith=code + ".", level=Level.KELURAHAN).count() == kelurahan


def test_loading_twice_is_idempotent(capsys):
    call_command("load_region", "35.75")
    n = Region.objects.count()
    call_command("load_region", "35.75")
    assert Region.objects.count() == n
    assert "(0 baru)" in capsys.readouterr().out.splitlines()[-1]
    kel = Region.objects.get(code="35.75.01.1001")
    assert kel.parent_id == "35.75.01" and kel.parent.parent_id == "35.75" and kel.parent.parent.parent_id == "35"


def test_unknown_or_non_city_codes_are_refused():
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("load_region", "35.99")
    with pytest.raises(CommandError, match="bukan kabupaten/kota"):
        call_command("load_region", "35.75.01")
