import json

from django.core.management.base import BaseCommand, CommandError

from naungan.core.errors import DomainError
from naungan.kla.services import indicator_set_import, load_default_set


class Command(BaseCommand):
    help = "Muat set indikator KLA: bawaan (Permen PPPA 12/2022) atau dari berkas JSON (format ekspor)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="berkas JSON; kosong = set bawaan")

    def handle(self, *args, file=None, **options):
        try:
            s = indicator_set_import(actor=None, data=json.load(open(file, encoding="utf-8"))) if file else load_default_set()
        except (DomainError, OSError, ValueError) as exc:
            raise CommandError(str(exc))
        self.stdout.write(f"{s}: {sum(c.indicators.count() for c in s.clusters.all())} indikator")
