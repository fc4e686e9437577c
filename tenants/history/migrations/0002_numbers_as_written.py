"""Numbers the change log wrote as 6E+1 or 1E+2 (Decimal.normalize) are written as people do: 60, 100."""
import re
from decimal import Decimal

from django.db import migrations

SCIENTIFIC = re.compile(r"(?<![0-9A-Za-z_.])([0-9]+(?:\.[0-9]+)?)E\+([0-9]+)(?![0-9A-Za-z_])")


def as_written(match) -> str:
    number = Decimal(f"{match.group(1)}E+{match.group(2)}")
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def rewrite(value):
    if isinstance(value, str):
        return SCIENTIFIC.sub(as_written, value)
    if isinstance(value, list):
        return [rewrite(v) for v in value]
    if isinstance(value, dict):
        return {k: rewrite(v) for k, v in value.items()}
    return value


def forwards(apps, schema_editor):
    ChangeLog = apps.get_model("history", "ChangeLog")
    for entry in ChangeLog.objects.only("id", "summary", "changes").iterator():
        summary, changes = rewrite(entry.summary), rewrite(entry.changes)
        if (summary, changes) != (entry.summary, entry.changes):
            ChangeLog.objects.filter(pk=entry.pk).update(summary=summary, changes=changes)


class Migration(migrations.Migration):

    dependencies = [
        ("history", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
