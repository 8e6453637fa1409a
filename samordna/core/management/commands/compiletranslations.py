import os
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import trans_real


class Command(BaseCommand):
    help = "Compile the .po files in LOCALE_PATHS to .mo files (pure Python: no gettext needed)."

    def handle(self, *args, **options):
        compiled = False
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                # Written aside and moved in place: a process reading the catalogue meanwhile
                # (a parallel test run) reads the old file or the new one, never half of one.
                partial = mo_path.with_name(f"{mo_path.name}.{os.getpid()}.tmp")
                polib.pofile(str(po_path)).save_as_mofile(str(partial))
                partial.replace(mo_path)
                compiled = True
                if options["verbosity"] >= 1:
                    shown = (
                        po_path.relative_to(settings.BASE_DIR)
                        if po_path.is_relative_to(settings.BASE_DIR)
                        else po_path
                    )
                    self.stdout.write(f"Compiled {shown}")
        if compiled:
            # A catalogue this process read before is read again, now from the new .mo files.
            trans_real._translations = {}
            trans_real._default = None
