"""A committee provisioned fresh, with no demo data: what production starts from."""
import pytest
from django_tenants.utils import schema_context


@pytest.fixture
def meishan(db):
    """眉山, provisioned now under 四川 (rolled back afterwards), with one unit and its staff; runs in its schema."""
    from accounts.models import Role
    from accounts.services import membership_grant, user_ensure
    from tenancy.models import Organisation
    from tenancy.services import organisation_create
    from tenants.structure.services import unit_create

    organisation = organisation_create(
        name="政协眉山市委员会", short_name="眉山", level="city", region_code="511400", slug="meishan",
        parent=Organisation.objects.get(schema_name="sichuan"),
    )
    with schema_context("meishan"):
        unit = unit_create(name="提案委员会")
        staff = user_ensure(username="meishan_staff", display_name="眉山委室工作人员")
        membership_grant(user=staff, organisation=organisation, role=Role.UNIT_STAFF, unit_id=unit.pk)
        yield organisation
