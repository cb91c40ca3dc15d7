from django.core.management.base import BaseCommand

from naungan.catalogues.services import catalogue_sync


class Command(BaseCommand):
    help = "Sinkronkan katalog nilai (SIMFONI-PPA dll.) dari berkas data."

    def handle(self, *args, **options):
        n = catalogue_sync()
        self.stdout.write(f"{n} nilai katalog disinkronkan.")
