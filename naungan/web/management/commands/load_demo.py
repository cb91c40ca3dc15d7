"""Demo data for the four seed cities. Safe to run again: it only adds what is missing."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from naungan.accounts.demo import DEMO_PASSWORD, build_area_analysts, build_city
from naungan.core.nav import contributions

SEED_CITIES = ["35.72", "35.75", "35.71", "64.71"]  # Blitar, Pasuruan, Kediri, Balikpapan


class Command(BaseCommand):
    help = "Muat data demo (empat kota contoh, akun per peran, kasus fiktif). Hanya di mode demo."

    def add_arguments(self, parser):
        parser.add_argument("--cities", nargs="*", default=SEED_CITIES)

    def handle(self, *args, cities, **options):
        if not settings.DEMO_MODE:
            raise CommandError("load_demo hanya boleh dijalankan di mode demo (NAUNGAN_ENV=demo).")
        accounts = []
        for code in cities:
            world = build_city(code, password=DEMO_PASSWORD)
            accounts.extend(world.accounts)
            for mod in contributions("demo"):  # each app's demo.py adds its records for the city
                if hasattr(mod, "load_demo"):
                    mod.load_demo(world)
            self.stdout.write(f"{world.city.code} {world.city.name}: {len(world.kelurahan)} kelurahan, {len(world.accounts)} akun")
        accounts.extend(build_area_analysts(password=DEMO_PASSWORD))
        out = settings.VAR_DIR / "demo-accounts.json"
        out.write_text(json.dumps(accounts, indent=2, ensure_ascii=False), encoding="utf-8")
        self.stdout.write(f"Akun demo ditulis ke {out} (kata sandi bersama: {DEMO_PASSWORD})")
