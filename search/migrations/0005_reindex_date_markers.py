"""The PostgreSQL backend's vectors gained a date marker (``~d<year>``, read by the
newest-first walk): queue every indexed material for reindexing. Until the outbox is
drained (beat, or ``manage.py reindex``) pages stay correct: a walk that finds fewer hits
than there are falls back to the plain query."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("search", "0004_search_state")]

    operations = [
        migrations.RunSQL(
            "INSERT INTO search_outbox (material_id, created_at, attempts, last_error) "
            "SELECT material_id, now(), 0, '' FROM search_entry",
            migrations.RunSQL.noop,
        ),
    ]
