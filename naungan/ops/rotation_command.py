"""What the two key-rotation commands share: batched, resumable runs with a progress bar, and an
audit event of what was done under which key (by fingerprint, never the key)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from naungan.audit.services import audit_record


class RotationCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500)
        parser.add_argument("--max-rows", type=int, default=None, help="stop after this many rows (run again to continue)")

    def rotate(self, rotate_fn, *, batch: int, max_rows: int | None, verbosity: int):
        """rotate_fn(batch=, max_rows=, progress=) with a progress bar on stderr; its report."""
        bar = tqdm(unit=" rows", disable=verbosity == 0, file=self.stderr._out)
        try:
            return rotate_fn(batch=batch, max_rows=max_rows, progress=lambda label, n: (bar.set_description(label), bar.update(n)))
        finally:
            bar.close()

    def audit(self, action: str, fingerprint: str, **changes):
        audit_record(actor=None, action=action, object_type="ops.keyrotation", object_id=fingerprint,
                     changes={k: [None, v] for k, v in changes.items()}, origin={"channel": "command"})
