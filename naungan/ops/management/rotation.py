"""What the key-rotation commands share: batches, a row limit per run (run again to continue) and a
progress bar on stderr."""

from django.core.management.base import BaseCommand
from tqdm import tqdm


class RotationCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500)
        parser.add_argument("--max-rows", type=int, default=None, help="stop after this many rows (run again to continue)")

    def rotate(self, rotation, *, batch: int, max_rows: int | None, verbosity: int):
        """Run `rotation(batch=, max_rows=, progress=)` with a progress bar; returns its report."""
        bar = tqdm(unit=" rows", disable=verbosity == 0, file=self.stderr._out)
        try:
            return rotation(batch=batch, max_rows=max_rows, progress=lambda label, n: (bar.set_description(label), bar.update(n)))
        finally:
            bar.close()
