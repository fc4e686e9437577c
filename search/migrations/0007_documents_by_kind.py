"""Documents of several kinds (``search.sources``): every row names its document by
(kind, schema, object id). ``search_entry`` / ``search_text`` keep their integer key as a
surrogate ``doc_id`` (a material's stays its id, so the index keeps working), the outbox
says which kind and schema. The vectors gain a kind marker (``~k<kind>``, the kind filter):
every indexed document is queued for reindexing, as 0005 did; until the outbox is drained
a kind filter misses the rows not yet rewritten, and nothing else changes."""
from django.db import migrations, models
from django.db.models import F


class Migration(migrations.Migration):
    dependencies = [("search", "0006_search_state_dictionary")]

    operations = [
        # the outbox
        migrations.RenameField("outboxentry", "material_id", "object_id"),
        migrations.AlterField("outboxentry", "object_id", models.IntegerField(verbose_name="对象")),
        migrations.AddField("outboxentry", "kind",
                            models.CharField(default="material", max_length=30, verbose_name="类别")),
        migrations.AddField("outboxentry", "schema_name",
                            models.CharField(default="public", max_length=63, verbose_name="模式")),
        migrations.AlterModelOptions("outboxentry", {"ordering": ["id"], "verbose_name": "待索引文档",
                                                     "verbose_name_plural": "待索引文档"}),
        # the entries: a surrogate key and the document's key
        migrations.RemoveIndex("entry", "search_entry_date_nl"),
        migrations.RenameField("entry", "material_id", "doc_id"),
        migrations.AlterField("entry", "doc_id", models.AutoField(primary_key=True, serialize=False)),
        migrations.AddField("entry", "kind",
                            models.CharField(default="material", max_length=30, verbose_name="类别")),
        migrations.AddField("entry", "schema_name",
                            models.CharField(default="public", max_length=63, verbose_name="模式")),
        migrations.AddField("entry", "object_id", models.IntegerField(default=0, verbose_name="对象"),
                            preserve_default=False),
        migrations.RunSQL("UPDATE search_entry SET object_id = doc_id", migrations.RunSQL.noop),
        migrations.AddConstraint("entry", models.UniqueConstraint(
            fields=["kind", "schema_name", "object_id"], name="search_entry_key")),
        migrations.AddIndex("entry", models.Index(
            F("published_on").desc(nulls_last=True), F("doc_id").desc(), name="search_entry_date_nl")),
        migrations.RenameField("text", "material_id", "doc_id"),
        migrations.AlterField("text", "doc_id", models.IntegerField(primary_key=True, serialize=False)),
        # the kind markers
        migrations.RunSQL(
            "INSERT INTO search_outbox (kind, schema_name, object_id, created_at, attempts, last_error) "
            "SELECT kind, schema_name, object_id, now(), 0, '' FROM search_entry",
            migrations.RunSQL.noop,
        ),
    ]
