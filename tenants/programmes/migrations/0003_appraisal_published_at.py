from django.db import migrations, models


def published_from_history(apps, schema_editor):
    """An appraisal published before the lock was a field: its first publish entry of the change log."""
    Appraisal = apps.get_model("programmes", "Appraisal")
    ChangeLog = apps.get_model("history", "ChangeLog")
    for entry in ChangeLog.objects.filter(model="appraisal", action="publish").order_by("-at", "-id"):
        Appraisal.objects.filter(pk=entry.object_id).update(published_at=entry.at)


class Migration(migrations.Migration):

    dependencies = [
        ("programmes", "0002_changelog_to_history"),
        ("history", "0002_numbers_as_written"),
    ]

    operations = [
        migrations.AddField(
            model_name="appraisal",
            name="published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="发布时间"),
        ),
        migrations.RunPython(published_from_history, migrations.RunPython.noop),
    ]
