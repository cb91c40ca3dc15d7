from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from naungan.audit.services import audit_record
from naungan.ops.backup import fingerprint
from naungan.ops.keys import rotate_blind_index_key, unregistered_blind_index_models


class Command(BaseCommand):
    help = ("Hitung ulang setiap token pencarian (indeks buta) dengan NAUNGAN_BLIND_INDEX_KEY yang baru (bertahap, dapat dilanjutkan). "
            "Recompute every search token under the new NAUNGAN_BLIND_INDEX_KEY (batched, resumable).")

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500)
        parser.add_argument("--max-rows", type=int, default=None, help="stop after this many rows (run again to continue)")

    def handle(self, *args, batch, max_rows, **options):
        if not settings.BLIND_INDEX_OLD_KEYS:
            raise CommandError("Set NAUNGAN_BLIND_INDEX_OLD_KEYS to the previous key (and restart the web server and worker) "
                               "first: otherwise search misses every row not yet re-indexed.")
        missing = unregistered_blind_index_models()
        if missing:
            raise CommandError(f"no re-indexer registered for {missing}: register one in the app's privacy.py")
        fp = fingerprint(settings.BLIND_INDEX_KEY)
        bar = tqdm(unit=" rows", disable=options["verbosity"] == 0, file=self.stderr._out)
        report = rotate_blind_index_key(batch=batch, max_rows=max_rows, progress=lambda label, n: (bar.set_description(label), bar.update(n)))
        bar.close()
        audit_record(actor=None, action="keys.blind_index_rotation", object_type="ops.keyrotation", object_id=fp,
                     changes={"rows": [None, report.rows], "finished": [None, report.finished]}, origin={"channel": "command"})
        if report.finished:
            self.stdout.write(f"finished: {report.rows:,} rows re-indexed under key {fp}. Remove NAUNGAN_BLIND_INDEX_OLD_KEYS and restart.")
        else:
            self.stdout.write(f"paused: {report.rows:,} rows re-indexed under key {fp}; run again to continue")
