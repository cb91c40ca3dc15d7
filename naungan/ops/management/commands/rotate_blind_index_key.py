from django.conf import settings
from django.core.management.base import CommandError

from naungan.ops.backup import fingerprint
from naungan.ops.keys import rotate_blind_index_key, unregistered_blind_index_models
from naungan.ops.rotation_command import RotationCommand


class Command(RotationCommand):
    help = ("Hitung ulang setiap token pencarian (indeks buta) dengan NAUNGAN_BLIND_INDEX_KEY yang baru (bertahap, dapat dilanjutkan). "
            "Recompute every search token under the new NAUNGAN_BLIND_INDEX_KEY (batched, resumable).")

    def handle(self, *args, batch, max_rows, **options):
        if not settings.BLIND_INDEX_OLD_KEYS:
            raise CommandError("Set NAUNGAN_BLIND_INDEX_OLD_KEYS to the previous key (and restart the web server and worker) "
                               "first: otherwise search misses every row not yet re-indexed.")
        missing = unregistered_blind_index_models()
        if missing:
            raise CommandError(f"no re-indexer registered for {missing}: register one in the app's privacy.py")
        fp = fingerprint(settings.BLIND_INDEX_KEY)
        report = self.rotate(rotate_blind_index_key, batch=batch, max_rows=max_rows, verbosity=options["verbosity"])
        self.audit("keys.blind_index_rotation", fp, rows=report.rows, finished=report.finished)
        if report.finished:
            self.stdout.write(f"finished: {report.rows:,} rows re-indexed under key {fp}. Remove NAUNGAN_BLIND_INDEX_OLD_KEYS and restart.")
        else:
            self.stdout.write(f"paused: {report.rows:,} rows re-indexed under key {fp}; run again to continue")
