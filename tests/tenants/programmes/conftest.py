import pytest
from django_tenants.utils import schema_context


@pytest.fixture
def ziyang(db):
    """Run the test body inside 资阳's schema (rolled back afterwards)."""
    with schema_context("ziyang"):
        yield


@pytest.fixture
def plan(ziyang):
    """A 2024–2025 plan with one item led by 提案委员会 and a target per year."""
    from tenants.programmes import services
    from tenants.structure.models import Unit

    programme = services.programme_create(kind="brand", title="测试品牌行动", start_year=2024, end_year=2025)
    section = services.section_create(programme=programme, number=1, heading="品牌建设")
    item = services.item_create(programme=programme, section=section, number=1, title="提案培训",
                                lead_unit=Unit.objects.get(name="提案委员会"))
    services.target_set(item=item, indicator="培训委员", unit_of_measure="人次", year=2024, value="50")
    services.target_set(item=item, indicator="培训委员", unit_of_measure="人次", year=2025, value="100")
    return item


@pytest.fixture
def staff_works_in(db):
    """staff_works_in(unit name): ziyang_staff's membership names that unit of 资阳 (rolled back afterwards).

    The demo puts every committee's unit staff in its 办公室.
    """
    from accounts.models import Membership, Role
    from tenants.structure.models import Unit

    def move(name: str | None) -> int | None:
        unit_id = None
        if name is not None:
            with schema_context("ziyang"):
                unit_id = Unit.objects.get(name=name).pk
        changed = Membership.objects.filter(
            user__username="ziyang_staff", organisation__schema_name="ziyang", role=Role.UNIT_STAFF
        ).update(unit_id=unit_id)
        assert changed == 1
        return unit_id

    return move
