"""Monthly-report deadlines registered before deadlines had a key were found by their Chinese title.

Give each its key (source programmes.monthly_report, key "<unit id>:<yyyy-mm>") so programmes
finds it by key from now on. Deadlines whose title does not match, or with no unit, are left alone.
"""
import re

from django.db import migrations

SOURCE = "programmes.monthly_report"
TITLE = re.compile(r"^月报：(?P<unit>.+) (?P<year>\d{4})年(?P<month>\d{1,2})月工作进展$")


def key_report_deadlines(apps, schema_editor):
    Deadline = apps.get_model("reminders", "Deadline")
    taken = set(Deadline.objects.filter(source=SOURCE).values_list("key", flat=True))
    for deadline in Deadline.objects.filter(source="", title__startswith="月报：", unit__isnull=False).select_related("unit"):
        match = TITLE.match(deadline.title)
        if match is None or match["unit"] != deadline.unit.name:
            continue
        key = f"{deadline.unit_id}:{int(match['year']):04d}-{int(match['month']):02d}"
        if key in taken:
            continue
        deadline.source, deadline.key = SOURCE, key
        deadline.save(update_fields=["source", "key"])
        taken.add(key)


class Migration(migrations.Migration):

    dependencies = [
        ("programmes", "0002_changelog_to_history"),
        ("reminders", "0002_deadline_source_key"),
    ]

    operations = [
        migrations.RunPython(key_report_deadlines, migrations.RunPython.noop),
    ]
