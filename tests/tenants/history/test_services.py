"""The change log any tenant app writes to, against 资阳's real schema."""
import pytest
from django.db import connection
from django_tenants.utils import schema_context

from accounts.models import User
from tenants.history import selectors
from tenants.history.models import ChangeLog
from tenants.history.services import change_record
from tenants.structure.models import Unit

pytestmark = pytest.mark.django_db


def test_an_entry_names_the_actor_the_object_and_the_change():
    with schema_context("ziyang"):
        admin = User.objects.get(username="ziyang_admin")
        unit = Unit.objects.get(name="提案委员会")
        entry = change_record(actor=admin, obj=unit, action="update", summary="修改委室职责",
                              changes={"duties": ["旧", "新"]})
        assert list(selectors.changelog_for(unit).values_list("user_name", "action", "summary", "changes")) == [
            ("资阳管理员", "update", "修改委室职责", {"duties": ["旧", "新"]})]
        assert (entry.model, entry.object_id, entry.user_id) == ("unit", unit.pk, admin.pk)


def test_without_a_signed_in_actor_the_system_is_named():
    with schema_context("ziyang"):
        unit = Unit.objects.get(name="提案委员会")
        entry = change_record(actor=None, obj=unit, action="create", summary="x" * 600)
        assert (entry.user_id, entry.user_name, len(entry.summary)) == (None, "系统", 500)


def test_the_log_kept_its_table_and_the_demos_entries():
    """The model moved from programmes to history; the table programmes_changelog and its rows stayed."""
    assert ChangeLog._meta.db_table == "programmes_changelog"
    with schema_context("ziyang"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM programmes_changelog WHERE model = 'programme'")
            assert cursor.fetchone()[0] == ChangeLog.objects.filter(model="programme").count() > 0
