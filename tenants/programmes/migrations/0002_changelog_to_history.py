"""ChangeLog moved to tenants.history: programmes forgets the model, the table stays (history.0001 owns it)."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("programmes", "0001_initial"),
        ("history", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ChangeLog")],
            database_operations=[],
        ),
    ]
