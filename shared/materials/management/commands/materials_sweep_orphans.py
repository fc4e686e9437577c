"""List, and with ``--delete`` remove, upload files that no material or compilation references:
``manage.py materials_sweep_orphans [--delete] [--older-than-minutes 60]``.

Such a file is what a killed upload leaves (`shared.materials.uploads`). A dry run by
default; files younger than an hour are never touched (an upload may still be saving).
Beat runs the same sweep daily with deletion (``materials.sweep_orphans``).
"""
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError

from shared.materials.uploads import ORPHAN_AGE, orphan_files_sweep


class Command(BaseCommand):
    help = ("List upload files of materials and compilations that no row references (left by killed "
            "uploads), per committee; --delete removes them. Files younger than an hour are kept.")

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="remove the files (default: only list them)")
        parser.add_argument("--older-than-minutes", type=int, default=int(ORPHAN_AGE.total_seconds() // 60),
                            help="only files last written longer ago than this (default 60, at least 60)")

    def handle(self, *args, delete=False, older_than_minutes=60, **options):
        import datetime as dt

        if older_than_minutes < 60:
            raise CommandError("--older-than-minutes must be at least 60: a younger file may belong to an upload still saving")
        orphans = orphan_files_sweep(delete=delete, older_than=dt.timedelta(minutes=older_than_minutes))
        by_committee = defaultdict(list)
        for orphan in orphans:
            by_committee[orphan.committee].append(orphan)
        for committee, files in sorted(by_committee.items()):
            size = sum(f.size for f in files)
            self.stdout.write(f"{committee}: {len(files)} orphaned file(s), {size / 1_048_576:.1f} MB")
            for orphan in files:
                self.stdout.write(f"  {orphan.name}  {orphan.size} bytes  {orphan.modified:%Y-%m-%d %H:%M}")
        total = sum(f.size for f in orphans)
        verb = "deleted" if delete else "found (dry run; --delete removes them)"
        self.stdout.write(f"{len(orphans)} orphaned file(s), {total / 1_048_576:.1f} MB, {verb}")
