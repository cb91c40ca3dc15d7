from django.core.management.base import BaseCommand

from naungan.web.tasks import periodic_reminders_task


class Command(BaseCommand):
    help = "Kirim pengingat kasus yang melewati target respons (jalankan berkala, mis. tiap 15 menit lewat cron)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Masukkan ke antrean db_worker alih-alih menjalankan langsung.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = periodic_reminders_task.enqueue()
            self.stdout.write(f"Dijadwalkan: {result.id}")
        else:
            n = periodic_reminders_task.call()
            self.stdout.write(f"{n} pengingat dikirim.")
