import getpass
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from naungan.accounts.models import CityConfig, Organisation, User
from naungan.accounts.roles import OrgKind, Role
from naungan.accounts.services import membership_grant, organisation_create, user_create
from naungan.core.errors import DomainError
from naungan.regions.models import Region
from naungan.regions.services import region_load_city


class Command(BaseCommand):
    help = ("Siapkan kota baru dan administrator pertamanya: muat wilayah, buat organisasi dinas, buat akun administrator kota. "
            "Set up a city and its first administrator (README: Deploy).")

    def add_arguments(self, parser):
        parser.add_argument("--city", required=True, help="Kemendagri code of the kab/kota, e.g. 35.75")
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument("--dinas", default="", help="name of the dinas (default: DP3AP2KB <city>)")
        parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input (scripts)")

    def handle(self, *args, city, username, email, dinas, password_stdin, **options):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"user {username!r} exists")
        try:
            loaded = region_load_city(code=city)
        except DomainError as exc:
            raise CommandError(str(exc))
        region = Region.objects.get(code=loaded.city.code)
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Kata sandi / password: ")
            if password != getpass.getpass("Ulangi / again: "):
                raise CommandError("passwords differ")
        user = User(username=username, email=email)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages))
        with transaction.atomic():
            CityConfig.objects.get_or_create(city=region, defaults={"dinas_name": dinas or f"DP3AP2KB {region.name}"})
            org = Organisation.objects.filter(city=region, kind=OrgKind.DINAS).order_by("pk").first() or organisation_create(
                actor=None, city=region, kind=OrgKind.DINAS, name=dinas or f"DP3AP2KB {region.name}", check_scope=False)
            user = user_create(actor=None, username=username, password=password, email=email)
            membership_grant(actor=None, user=user, role=Role.CITY_ADMIN, organisation=org, check_scope=False)
        self.stdout.write(f"OK: {region.code} {region.name} ({loaded.kecamatan} kecamatan, {loaded.kelurahan} kelurahan); "
                          f"administrator {username} of {org.name}. Next: log in and enrol two-step verification.")
