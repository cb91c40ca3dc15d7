from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from naungan.audit.services import audit_record
from naungan.ops.backup import fingerprint
from naungan.ops.keys import rotate_field_keys, sealed_fields, values_not_under_primary


class Command(BaseCommand):
    help = ("Enkripsi ulang setiap nilai identitas tersegel dengan kunci pertama NAUNGAN_FIELD_KEYS (bertahap, dapat dilanjutkan). "
            "Re-encrypt every sealed value under the first key of NAUNGAN_FIELD_KEYS (batched, resumable).")

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500)
        parser.add_argument("--max-rows", type=int, default=None, help="stop after this many rows (run again to continue)")
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
        bar = tqdm(unit=" rows", disable=options["verbosity"] == 0, file=self.stderr._out)
        report = rotate_field_keys(batch=batch, max_rows=max_rows, progress=lambda label, n: (bar.set_description(label), bar.update(n)))
        bar.close()
        audit_record(actor=None, action="keys.field_rotation", object_type="ops.keyrotation", object_id=fp,
                     changes={"rows": [None, report.rows], "values": [None, report.values], "finished": [None, report.finished]},
                     origin={"channel": "command"})
        state = "finished" if report.finished else "paused (run again to continue)"
        self.stdout.write(f"{state}: {report.rows:,} rows read, {report.values:,} values re-encrypted under key {fp}")
