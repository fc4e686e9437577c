"""The tokens of rest_framework.authtoken (one per user, no expiry) become ApiTokens.

Each keeps its key (so clients keep working) until CPPCC_TOKEN_DAYS after this
migration; only its digest is kept, and the old table's rows, which held the keys
in clear, are deleted (the table itself is left: its app is no longer installed).
A database that never had the table (a new installation) has nothing to do.
"""
import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone

LEGACY_TABLE = "authtoken_token"


def _password_stamp(password: str) -> str:  # accounts.models.password_stamp, as of this migration
    return hashlib.sha256(f"api-token|{password}".encode()).hexdigest()


def tokens_from_authtoken(apps, schema_editor):
    connection = schema_editor.connection
    if LEGACY_TABLE not in connection.introspection.table_names(connection.cursor()):
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    User = apps.get_model("accounts", "User")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {LEGACY_TABLE}")
        rows = cursor.fetchall()
    expires = timezone.now() + timedelta(days=settings.CPPCC_TOKEN_DAYS)
    passwords = dict(User.objects.filter(pk__in=[r[1] for r in rows]).values_list("pk", "password"))
    ApiToken.objects.bulk_create([
        ApiToken(user_id=user_id, name="迁移的令牌", key_digest=hashlib.sha256(key.encode()).hexdigest(),
                 key_prefix=key[:8], created_at=created, expires_at=expires,
                 password_stamp=_password_stamp(passwords[user_id]))
        for key, user_id, created in rows if user_id in passwords
    ])
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {LEGACY_TABLE}")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_api_token"),
    ]

    operations = [
        migrations.RunPython(tokens_from_authtoken, migrations.RunPython.noop, elidable=True),
    ]
