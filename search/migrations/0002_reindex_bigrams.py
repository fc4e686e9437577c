"""The PostgreSQL backend's vectors changed from single characters to bigrams: queue every
indexed material for reindexing (the outbox is drained by beat, or run ``manage.py reindex``)."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "INSERT INTO search_outbox (material_id, created_at, attempts, last_error) "
            "SELECT material_id, now(), 0, '' FROM search_entry",
            migrations.RunSQL.noop,
        ),
    ]
