from django.core.management.base import BaseCommand

from naungan.privacy.services import retention_apply
from naungan.privacy.tasks import apply_retention_task
from naungan.stats.services import exports_expire_old


class Command(BaseCommand):
    help = ("Terapkan aturan retensi setiap kota (anonimkan identitas kasus lama yang ditutup, hapus laporan tidak relevan, "
            "nonaktifkan kode lacak, hapus ekspor beridentitas). Apply every city's retention rules. Run daily.")

    def add_arguments(self, parser):
        parser.add_argument("--city", action="append", dest="cities", help="only this city code (repeatable)")
        parser.add_argument("--dry-run", action="store_true", help="report what would be done, change nothing")
        parser.add_argument("--enqueue", action="store_true", help="run in the background worker instead")

    def handle(self, *args, cities, dry_run, enqueue, **options):
        if enqueue:
            apply_retention_task.enqueue()
            self.stdout.write("enqueued")
            return
        report = retention_apply(cities=cities, dry_run=dry_run)
        prefix = "DRY RUN — would do: " if dry_run else ""
        for c in report.cities:
            self.stdout.write(f"{prefix}{c.city}: {c.cases_anonymised} cases anonymised, {c.cases_kept} kept (legal process/hold), "
                              f"{c.reports_deleted} reports deleted, {c.codes_expired} tracking codes expired, "
                              f"{c.exports_deleted} export files deleted")
        if not dry_run:
            self.stdout.write(f"{report.task_results_deleted} old background-task records deleted")
            self.stdout.write(f"{exports_expire_old()} export files older than NAUNGAN_EXPORT_FILE_HOURS deleted")
