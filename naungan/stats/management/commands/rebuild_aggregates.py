"""Recompute the maintained aggregates (facts) from the raw case rows."""

from django.core.management.base import BaseCommand

from naungan.stats.aggregates import fact_rows, rebuild


class Command(BaseCommand):
    help = "Hitung ulang agregat statistik dari data kasus (rebuild the maintained aggregates from the case rows)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only report whether the stored aggregates equal a rebuild (rolls back).")

    def handle(self, *args, check=False, **options):
        if check:
            from django.db import transaction

            before = fact_rows()
            with transaction.atomic():
                rebuild()
                after = fact_rows()
                transaction.set_rollback(True)
            if before == after:
                self.stdout.write(self.style.SUCCESS(f"Aggregates are current ({len(after)} cells)."))
                return
            self.stdout.write(self.style.ERROR(f"Aggregates differ from a rebuild: {len(before - after)} stale, {len(after - before)} missing cells."))
            raise SystemExit(1)

        def progress(n):
            if n % 20000 < 2000:
                self.stdout.write(f"  {n} cases")

        n = rebuild(progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Rebuilt aggregates of {n} cases."))
