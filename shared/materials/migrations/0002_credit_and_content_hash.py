"""Record whether a material's credit was accepted; remember what an upload contained.

Materials imported before this migration under another committee's name were
published without that committee's consent: they become credits pending its
answer (`Credit.PENDING`), shown and searched as their uploader's until it
accepts, and are queued for the index (raw SQL into ``public.search_outbox``,
keyed by kind, schema, id since ``search.0007``; the next drain reindexes them).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CREDITS_PENDING = """
    INSERT INTO search_outbox (kind, schema_name, object_id, created_at, attempts, last_error)
    SELECT 'material', 'public', id, now(), 0, '' FROM materials_material WHERE keeper_id <> organisation_id;
    UPDATE materials_material SET credit = 'pending' WHERE keeper_id <> organisation_id;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('materials', '0001_initial'),
        ('search', '0007_documents_by_kind'),
        ('tenancy', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='compilation',
            name='content_sha256',
            field=models.CharField(blank=True, max_length=64, verbose_name='内容摘要'),
        ),
        migrations.AddField(
            model_name='compilation',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='上传人'),
        ),
        migrations.AddField(
            model_name='material',
            name='content_sha256',
            field=models.CharField(blank=True, max_length=64, verbose_name='内容摘要'),
        ),
        migrations.AddField(
            model_name='material',
            name='credit',
            field=models.CharField(choices=[('own', '本会材料'), ('pending', '待确认'), ('accepted', '已确认'), ('rejected', '已拒绝')], default='own', max_length=10, verbose_name='署名确认'),
        ),
        migrations.AddField(
            model_name='material',
            name='credit_decided_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='署名确认时间'),
        ),
        migrations.AddField(
            model_name='material',
            name='credit_decided_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='署名确认人'),
        ),
        migrations.AlterField(
            model_name='material',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='上传人'),
        ),
        migrations.AlterField(
            model_name='material',
            name='keeper',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='materials_kept', to='tenancy.organisation', verbose_name='上传单位'),
        ),
        migrations.AddIndex(
            model_name='material',
            index=models.Index(fields=['keeper', 'content_sha256'], name='materials_keeper_content'),
        ),
        migrations.RunSQL(CREDITS_PENDING, migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name='material',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('keeper', models.F('organisation')), ('credit', 'own')), models.Q(models.Q(('keeper', models.F('organisation')), _negated=True), ('credit__in', ['pending', 'accepted', 'rejected'])), _connector='OR'), name='materials_credit_matches_keeper'),
        ),
    ]
