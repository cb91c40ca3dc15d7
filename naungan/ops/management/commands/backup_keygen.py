import os
from pathlib import Path

import pyrage
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Buat pasangan kunci cadangan (age): kunci privat ke berkas, kunci publik untuk NAUNGAN_BACKUP_RECIPIENTS. "
            "Create a backup key pair.")

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, required=True, help="file for the PRIVATE key (keep it offline)")

    def handle(self, *args, output, **options):
        if output.exists():
            raise CommandError(f"{output} exists; refusing to overwrite a key")
        identity = pyrage.x25519.Identity.generate()
        recipient = str(identity.to_public())
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(f"# Naungan backup key. Public key: {recipient}\n{identity}\n")
        self.stdout.write(f"Private key written to {output} (mode 600): store it OFF this server.\n"
                          f"NAUNGAN_BACKUP_RECIPIENTS={recipient}")
