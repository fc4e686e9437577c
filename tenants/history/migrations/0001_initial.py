"""ChangeLog moves here from programmes: the state only, the table programmes_changelog and its rows stay."""
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("programmes", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ChangeLog",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("at", models.DateTimeField(auto_now_add=True, verbose_name="时间")),
                        ("user_id", models.BigIntegerField(blank=True, null=True, verbose_name="用户")),
                        ("user_name", models.CharField(blank=True, max_length=100, verbose_name="操作人")),
                        ("model", models.CharField(max_length=50, verbose_name="对象类型")),
                        ("object_id", models.BigIntegerField(verbose_name="对象编号")),
                        ("action", models.CharField(max_length=30, verbose_name="操作")),
                        ("summary", models.CharField(max_length=500, verbose_name="摘要")),
                        ("changes", models.JSONField(blank=True, default=dict, verbose_name="变更")),
                    ],
                    options={
                        "verbose_name": "变更记录",
                        "verbose_name_plural": "变更记录",
                        "db_table": "programmes_changelog",
                        "ordering": ["-at", "-id"],
                        "indexes": [models.Index(fields=["model", "object_id"], name="changelog_object")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
