from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from naungan.audit.services import audit_record
from naungan.ops.backup import BackupError, backup_create, prune_old_backups


class Command(BaseCommand):
    help = ("Tulis satu arsip cadangan terenkripsi (basis data, berkas terlindungi, manifest) ke NAUNGAN_BACKUP_DIR. "
            "Write one encrypted backup archive (database, protected files, manifest).")

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=None, help="folder (default NAUNGAN_BACKUP_DIR)")
        parser.add_argument("--keep", type=int, default=None, help="archives to keep in the folder (default NAUNGAN_BACKUP_KEEP)")

    def handle(self, *args, output, keep, **options):
        folder = output or settings.BACKUP_DIR
        try:
            result = backup_create(output_dir=folder)
        except BackupError as exc:
            raise CommandError(str(exc))
        m = result.manifest
        rows = sum(m["counts"].values())
        audit_record(actor=None, action="backup.create", object_type="ops.backup", object_id=result.path.name,
                     changes={"rows": [None, rows], "files": [None, m["files"]["count"]], "audit_head": [None, m["audit_head"]["seq"]]},
                     origin={"channel": "command"})
        removed = prune_old_backups(folder, settings.BACKUP_KEEP if keep is None else keep)
        self.stdout.write(f"OK: {result.path} ({result.size:,} bytes; {rows:,} rows, {m['files']['count']} files, "
                          f"audit #{m['audit_head']['seq']}; {len(removed)} old archives removed)")
