from django.conf import settings
from django.core.management.base import CommandError

from naungan.ops.backup import fingerprint
from naungan.ops.keys import rotate_field_keys, sealed_fields, values_not_under_primary
from naungan.ops.rotation_command import RotationCommand


class Command(RotationCommand):
    help = ("Enkripsi ulang setiap nilai identitas tersegel dengan kunci pertama NAUNGAN_FIELD_KEYS (bertahap, dapat dilanjutkan). "
            "Re-encrypt every sealed value under the first key of NAUNGAN_FIELD_KEYS (batched, resumable).")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--verify", action="store_true", help="only count values the first key cannot open; exit 1 if any")

    def handle(self, *args, batch, max_rows, verify, **options):
        fp = fingerprint(settings.FIELD_ENCRYPTION_KEYS[0])
        if verify:
            left = values_not_under_primary()
            if left:
                raise CommandError(f"NOT DONE: values still under an old key: {left}")
            self.stdout.write(f"OK: every sealed value is under key {fp}; older keys can be removed from NAUNGAN_FIELD_KEYS")
            return
        if len(settings.FIELD_ENCRYPTION_KEYS) < 2:
            self.stdout.write("Note: only one key is configured; values under other keys cannot be opened.")
        models = sealed_fields()
        self.stdout.write(f"{sum(len(f) for f in models.values())} sealed columns in {len(models)} models; new key {fp}")
        report = self.rotate(rotate_field_keys, batch=batch, max_rows=max_rows, verbosity=options["verbosity"])
        self.audit("keys.field_rotation", fp, rows=report.rows, values=report.values, finished=report.finished)
        state = "finished" if report.finished else "paused (run again to continue)"
        self.stdout.write(f"{state}: {report.rows:,} rows read, {report.values:,} values re-encrypted under key {fp}")
