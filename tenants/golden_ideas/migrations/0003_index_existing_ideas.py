"""Golden ideas became a search source (``search.sources``) after ideas existed: queue
every idea of this committee's schema in the shared outbox (``public.search_outbox``,
keyed by kind, schema, id since ``search.0007``), so that the next drain (beat, or
``manage.py reindex``) indexes them. Raw SQL rather than ``search.services``: a
migration must not depend on the app code of its time.

Runs in each committee's schema (a tenant app); django-tenants migrates the public
schema, ``search.0007`` included, before any committee's. No dependency on search's
migrations: golden ideas' stay a chain of their own (see reminders.0002). An idea queued
twice is indexed once (the drain groups rows by document)."""
from django.db import migrations

QUEUE_IDEAS = """
    INSERT INTO public.search_outbox (kind, schema_name, object_id, created_at, attempts, last_error)
    SELECT 'golden_idea', current_schema(), id, now(), 0, '' FROM golden_ideas_goldenidea
"""


class Migration(migrations.Migration):
    dependencies = [("golden_ideas", "0002_goldenidea_sharing")]

    operations = [migrations.RunSQL(QUEUE_IDEAS, migrations.RunSQL.noop)]
