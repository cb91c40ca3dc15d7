import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from naungan.audit.services import audit_record, audit_verify
from naungan.ops.backup import BackupError, backup_restore, load_identities
from naungan.ops.keys import sample_unseal
from naungan.stats.privacy import exports_forget_missing_files


class Command(BaseCommand):
    help = ("Pulihkan arsip cadangan ke basis data KOSONG, lalu periksa jumlah baris, rantai audit dan kunci identitas. "
            "Restore a backup archive into an EMPTY database and verify it.")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--identity", type=Path, default=os.environ.get("NAUNGAN_BACKUP_IDENTITY_FILE"),
                            help="file holding the age private key (default NAUNGAN_BACKUP_IDENTITY_FILE)")

    def handle(self, *args, archive, identity, **options):
        if not identity:
            raise CommandError("give --identity FILE (the private backup key) or set NAUNGAN_BACKUP_IDENTITY_FILE")
        try:
            result = backup_restore(archive=archive, identities=load_identities(identity))
        except BackupError as exc:
            raise CommandError(str(exc))
        m = result.manifest
        problems = [f"{t}: {result.counts.get(t)} rows, manifest says {n}" for t, n in m["counts"].items() if result.counts.get(t) != n]
        if result.files != m["files"]["count"]:
            problems.append(f"{result.files} files restored, manifest says {m['files']['count']}")
        chain = audit_verify()
        if not chain.ok:
            problems.append(f"audit chain: {chain.problem}")
        elif chain.checked != m["audit_head"]["seq"]:
            problems.append(f"audit chain has {chain.checked} events, manifest says {m['audit_head']['seq']}")
        unreadable = sample_unseal()
        if unreadable:
            problems.append("identities cannot be opened with NAUNGAN_FIELD_KEYS (archive made with key "
                            f"{', '.join(m['field_key_fingerprints'])}): {unreadable}")
        if problems:
            raise CommandError("RESTORED WITH PROBLEMS:\n  " + "\n  ".join(problems))
        expired = exports_forget_missing_files(actor=None)
        audit_record(actor=None, action="backup.restore", object_type="ops.backup", object_id=archive.name,
                     changes={"rows": [None, sum(result.counts.values())], "files": [None, result.files], "audit_head": [None, chain.checked]},
                     origin={"channel": "command"})
        self.stdout.write(f"OK: {sum(result.counts.values()):,} rows in {len(result.counts)} tables, {result.files} files, "
                          f"audit chain of {chain.checked} events verified, identities readable; {expired} export records "
                          "without their file were marked expired. Next: manage.py migrate")
