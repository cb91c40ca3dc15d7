"""Grant the province or national analyst role (aggregates only) to an existing user."""

from django.core.management.base import BaseCommand, CommandError

from naungan.accounts.models import User
from naungan.accounts.services import area_analyst_grant
from naungan.core.errors import DomainError


class Command(BaseCommand):
    help = "Jadikan pengguna analis provinsi (--province 35) atau analis nasional (--national)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--province", help="kode provinsi, mis. 35 (Jawa Timur)")
        group.add_argument("--national", action="store_true")

    def handle(self, *args, username, province=None, national=False, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Pengguna {username} tidak ada.")
        try:
            m = area_analyst_grant(actor=None, user=user, province_code=None if national else province)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{username}: {m.get_role_display()} ({m.region_id})"))
