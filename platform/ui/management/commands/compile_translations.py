from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("把 locale/*/LC_MESSAGES/django.po（以及同目录 parts/*.po 中按功能分开的条目）"
            "编译为 django.mo（纯 Python，无需 GNU gettext）。")

    def handle(self, *args, **opts):
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
                parts = sorted((po_path.parent / "parts").glob("*.po")) if po_path.stem == "django" else []
                mo_path = po_path.with_suffix(".mo")
                newest = max(p.stat().st_mtime for p in [po_path, *parts])
                if mo_path.exists() and mo_path.stat().st_mtime >= newest:
                    continue
                catalogue = polib.pofile(str(po_path))
                known = {(e.msgctxt, e.msgid) for e in catalogue}
                for part in parts:
                    for entry in polib.pofile(str(part)):
                        if (entry.msgctxt, entry.msgid) not in known and not entry.obsolete:
                            catalogue.append(entry)
                            known.add((entry.msgctxt, entry.msgid))
                catalogue.save_as_mofile(str(mo_path))
