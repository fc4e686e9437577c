"""Provisioning a committee: ready at once, all or nothing, and checked input."""
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from tenancy.models import Domain, Organisation
from tenancy.provisioning import migration_fingerprint, schema_template_get
from tenancy.services import organisation_create

pytestmark = pytest.mark.django_db


def tenant_tables(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])
        return {row[0] for row in cursor.fetchall()}


def test_new_committee_has_every_tenant_table_and_its_migrations_recorded():
    sichuan = Organisation.objects.get(schema_name="sichuan")
    org = organisation_create(
        name="政协眉山市委员会", short_name="眉山", level="city", region_code="511400",
        slug="meishan", parent=sichuan,
    )
    assert org.province == sichuan
    assert Domain.objects.get(tenant=org).domain == "meishan.localhost"
    # Same tables as a committee provisioned earlier by the demo.
    assert tenant_tables("meishan") == tenant_tables("ziyang")
    assert {"structure_unit", "structure_member", "reminders_deadline", "django_migrations"} <= tenant_tables("meishan")
    with schema_context("meishan"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations WHERE app = 'structure'")
            assert ("structure", "0001_initial") in cursor.fetchall()
        from tenants.structure.models import Unit
        Unit.objects.create(name="办公室")
        assert Unit.objects.count() == 1


def test_migrate_schemas_finds_nothing_to_apply_on_a_provisioned_schema():
    sichuan = Organisation.objects.get(schema_name="sichuan")
    organisation_create(name="政协眉山市委员会", short_name="眉山", level="city",
                        region_code="511400", slug="meishan", parent=sichuan)
    from django.db.migrations.executor import MigrationExecutor

    connection.set_schema("meishan")
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []


def test_template_is_recorded_once_per_migration_state():
    template = schema_template_get()
    assert template.fingerprint == migration_fingerprint()
    assert schema_template_get().pk == template.pk
    assert any(s.startswith("CREATE TABLE") and "structure_unit" in s for s in template.statements)
    assert not any(s.lstrip().upper().startswith("SELECT") for s in template.statements)


def test_duplicate_region_code_is_refused_with_the_holder_named():
    sichuan = Organisation.objects.get(schema_name="sichuan")
    with pytest.raises(ValidationError) as error:
        organisation_create(name="政协某市委员会", short_name="某市", level="city",
                            region_code="512000", slug="moushi", parent=sichuan)
    assert "512000" in str(error.value) and "政协资阳市委员会" in str(error.value)
    assert not schema_exists("moushi")


def test_parent_of_the_wrong_level_is_refused():
    ziyang = Organisation.objects.get(schema_name="ziyang")
    with pytest.raises(ValidationError, match="上级应为省级组织"):
        organisation_create(name="政协某市委员会", short_name="某市", level="city",
                            region_code="519900", slug="moushi", parent=ziyang)


def test_a_city_needs_a_parent():
    with pytest.raises(ValidationError, match="需要指定上级"):
        organisation_create(name="政协某市委员会", short_name="某市", level="city",
                            region_code="519900", slug="moushi")


def test_taken_slug_leaves_nothing_behind():
    sichuan = Organisation.objects.get(schema_name="sichuan")
    before = Organisation.objects.count()
    with pytest.raises(ValidationError, match="已被使用"):
        organisation_create(name="政协某市委员会", short_name="某市", level="city",
                            region_code="519900", slug="ziyang", parent=sichuan)
    assert Organisation.objects.count() == before
    assert not Organisation.objects.filter(region_code="519900").exists()


def test_a_failing_schema_rolls_back_the_row(monkeypatch):
    import tenancy.services as services

    def broken(schema_name):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "schema_create_from_template", broken)
    sichuan = Organisation.objects.get(schema_name="sichuan")
    with pytest.raises(RuntimeError):
        organisation_create(name="政协眉山市委员会", short_name="眉山", level="city",
                            region_code="511400", slug="meishan", parent=sichuan)
    assert not Organisation.objects.filter(region_code="511400").exists()
    assert not Domain.objects.filter(domain="meishan.localhost").exists()


def test_management_command_creates_a_committee(capsys):
    call_command("organisation_create", name="政协眉山市委员会", short_name="眉山", level="city",
                 region_code="511400", slug="meishan", parent="510000")
    assert "meishan.localhost" in capsys.readouterr().out
    assert Organisation.objects.get(region_code="511400").parent.schema_name == "sichuan"


def test_management_command_names_an_unknown_parent():
    with pytest.raises(CommandError, match="找不到行政区划代码为 519999 的上级组织"):
        call_command("organisation_create", name="政协某市委员会", short_name="某市", level="city",
                     region_code="519900", slug="moushi", parent="519999")


def test_management_command_reports_a_duplicate_code():
    with pytest.raises(CommandError, match="已被“政协资阳市委员会”使用"):
        call_command("organisation_create", name="政协某市委员会", short_name="某市", level="city",
                     region_code="512000", slug="moushi", parent="510000")


def test_slug_must_be_usable_as_a_host_name():
    sichuan = Organisation.objects.get(schema_name="sichuan")
    with pytest.raises(ValidationError, match="只能用小写字母和数字"):
        organisation_create(name="政协眉山市委员会", short_name="眉山", level="city",
                            region_code="511400", slug="mei_shan", parent=sichuan)


def test_migrate_tenants_finds_only_schemas_behind_and_brings_them_up(capsys):
    from tenancy.migrating import schemas_behind

    assert schemas_behind() == []
    # Make one committee lag behind: forget one of its migrations and drop its tables.
    with schema_context("wusheng"):
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS reminders_notice, reminders_deadline")
            cursor.execute("DELETE FROM django_migrations WHERE app = 'reminders'")
    connection.set_schema_to_public()
    assert schemas_behind() == ["wusheng"]
    with pytest.raises(CommandError, match="1 个租户模式落后"):
        call_command("migrate_tenants", "--check")
    call_command("migrate_tenants", "--parallel", "1")
    assert "[1/1] wusheng" in capsys.readouterr().out
    assert schemas_behind() == []
    assert "reminders_deadline" in tenant_tables("wusheng")


def test_schemas_behind_reads_every_batch(monkeypatch):
    """A country's schemas are read in statements of BATCH schemas; none is missed between them."""
    from tenancy import migrating

    schemas = sorted(Organisation.objects.exclude(level="platform").values_list("schema_name", flat=True))
    assert len(schemas) >= 3
    with schema_context(schemas[-1]):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_migrations WHERE app = 'reminders' AND name LIKE '0001%%'")
    connection.set_schema_to_public()
    for batch in (1, 2, len(schemas)):
        monkeypatch.setattr(migrating, "BATCH", batch)
        assert migrating.schemas_behind() == [schemas[-1]]
