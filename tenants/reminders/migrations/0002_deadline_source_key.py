from django.db import migrations, models


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
    ]
