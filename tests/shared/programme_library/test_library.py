"""The template library: platform templates for everyone, provincial ones for the province only."""
import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from shared.programme_library.models import ProgrammeKind, ProgrammeTemplate
from shared.programme_library.selectors import template_list_visible
from shared.programme_library.services import template_ensure
from tenancy.models import Organisation

pytestmark = pytest.mark.django_db


def test_demo_ships_a_template_of_every_kind():
    kinds = set(ProgrammeTemplate.objects.filter(owner__isnull=True).values_list("kind", flat=True))
    assert kinds == set(ProgrammeKind.values)


def test_visibility_follows_the_province():
    with schema_context("ziyang"):
        ziyang = set(template_list_visible().values_list("title", flat=True))
    with schema_context("jinhua"):
        jinhua = set(template_list_visible().values_list("title", flat=True))
    assert ziyang - jinhua == {"“有事来协商”年度推进（四川省）"}


def test_only_platform_or_province_may_own_templates():
    city = Organisation.objects.get(schema_name="ziyang")
    with pytest.raises(ValidationError) as info:
        template_ensure(owner=city, kind="generic", title="x", years=1, structure={"sections": []})
    assert info.value.message_dict["owner"] == ["只有平台或省级政协可以维护模板库。"]


def test_target_values_longer_than_the_period_are_refused():
    structure = {"sections": [{"heading": "a", "items": [
        {"title": "b", "targets": [{"indicator": "次数", "values": [1, 2]}]}]}]}
    with pytest.raises(ValidationError) as info:
        template_ensure(kind="generic", title="短期", years=1, structure=structure)
    assert info.value.message_dict["structure"] == ["指标“次数”的目标值年数超过模板周期。"]
