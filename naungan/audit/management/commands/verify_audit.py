from django.core.management.base import BaseCommand, CommandError

from naungan.audit.services import audit_verify


class Command(BaseCommand):
    help = "Periksa rantai hash jejak audit. Keluar dengan kode bukan nol jika ada yang diubah atau dihapus."

    def handle(self, *args, **options):
        result = audit_verify()
        if not result.ok:
            raise CommandError(f"TAMPERED: {result.problem} ({result.checked} events verified before it)")
        self.stdout.write(f"OK: {result.checked} events verified")
