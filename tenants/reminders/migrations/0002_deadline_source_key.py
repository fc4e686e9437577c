"""Deadlines get a source and key. The monthly-report deadlines registered before (found by their
Chinese title, "月报：<unit> <yyyy>年<m>月工作进展") get theirs: source programmes.monthly_report,
key "<unit id>:<yyyy-mm>". Here rather than in programmes, so that reminders' migrations stay a
leaf no other app depends on.
"""
import re

from django.db import migrations, models

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
        ("reminders", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadline",
            name="source",
            field=models.CharField(blank=True, max_length=50, verbose_name="来源"),
        ),
        migrations.AddField(
            model_name="deadline",
            name="key",
            field=models.CharField(blank=True, max_length=150, verbose_name="来源键"),
        ),
        migrations.AddConstraint(
            model_name="deadline",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source", ""), _negated=True), fields=("source", "key"), name="deadline_unique_key",
            ),
        ),
        migrations.RunPython(key_report_deadlines, migrations.RunPython.noop),
    ]
