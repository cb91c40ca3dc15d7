"""Compile locale/*/LC_MESSAGES/*.po to .mo with polib, so set-up needs no GNU gettext."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Kompilasi berkas terjemahan (.po → .mo)."

    def handle(self, *args, **options):
        n = 0
        for root in settings.LOCALE_PATHS:
            for po_path in Path(root).glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                n += 1
        self.stdout.write(f"{n} berkas terjemahan dikompilasi.")
