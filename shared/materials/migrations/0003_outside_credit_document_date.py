"""A material's author may be an organisation outside the platform; a material has a
document date (成文日期).

Existing materials get their document date where it can be derived: their occasion's
date, else a date line of their text (``shared.materials.dates``). Those rows are
queued for the index (raw SQL into ``public.search_outbox``, keyed by kind, schema, id):
their year facet and date order change from the upload date to the document's; the next
drain (beat, or ``manage.py reindex``) reindexes them. The others keep their upload date.
"""

from django.db import migrations, models

BATCH = 500


def fill_document_dates(apps, schema_editor):
    from shared.materials.dates import document_date_in

    Material = apps.get_model("materials", "Material")
    rows = Material.objects.filter(document_date__isnull=True).select_related("occasion").order_by("id")
    changed = []
    for material in rows.iterator(chunk_size=BATCH):
        found = material.occasion.held_on if material.occasion_id else document_date_in(material.body)
        if found is not None:
            material.document_date = found
            changed.append(material)
        if len(changed) >= BATCH:
            _save(Material, changed, schema_editor)
            changed = []
    _save(Material, changed, schema_editor)


def _save(Material, changed, schema_editor):
    if not changed:
        return
    Material.objects.bulk_update(changed, ["document_date"])
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO public.search_outbox (kind, schema_name, object_id, created_at, attempts, last_error) "
            "SELECT 'material', 'public', unnest(%s::int[]), now(), 0, ''",
            [[m.id for m in changed]],
        )


class Migration(migrations.Migration):

    dependencies = [
        ("materials", "0002_credit_and_content_hash"),
        ("search", "0008_outbox_next_attempt"),
    ]

    operations = [
        migrations.AddField(
            model_name="material",
            name="outside_organisation",
            field=models.CharField(blank=True, max_length=120, verbose_name="外部撰写单位"),
        ),
        migrations.AddField(
            model_name="material",
            name="outside_region",
            field=models.CharField(blank=True, max_length=60, verbose_name="外部单位所在地区"),
        ),
        migrations.AddField(
            model_name="material",
            name="document_date",
            field=models.DateField(blank=True, null=True, verbose_name="成文日期"),
        ),
        migrations.RunPython(fill_document_dates, migrations.RunPython.noop, elidable=True),
    ]
