"""Compile locale/*/LC_MESSAGES/*.po to .mo with polib, so set-up needs no GNU gettext."""

from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Kompilasi berkas terjemahan (.po → .mo)."

    def handle(self, *args, **options):
        n = 0
        roots = [Path(p) for p in settings.LOCALE_PATHS]
        roots += [Path(cfg.path) / "locale" for cfg in apps.get_app_configs() if cfg.name.startswith("naungan.")]
        for root in roots:
            for po_path in Path(root).glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                n += 1
        self.stdout.write(f"{n} berkas terjemahan dikompilasi.")
