"""The demo network's exchange materials: about thirty, mostly shared, a few drafts, and a second run adds nothing."""
import pytest

from search.models import OutboxEntry
from shared.materials.demo import demo_fill_network
from shared.materials.demo_texts import MATERIALS
from shared.materials.models import Material, Occasion
from tenancy.models import Organisation

pytestmark = pytest.mark.django_db


def test_demo_materials_exist_across_committees():
    demo = Material.objects.filter(title__in=[m[1] for m in MATERIALS])
    assert demo.count() == len(MATERIALS) == 32
    assert demo.filter(visibility="draft").count() == 4
    assert demo.values("organisation").distinct().count() >= 20
    assert demo.filter(occasion__name="全省市县政协工作经验交流会").count() == 12
    assert all(len(m.body) >= 200 for m in demo)
    assert {t.name for m in demo for t in m.themes.all()} >= {"有事来协商", "双助", "提案", "书香政协", "金点子"}


def test_running_the_demo_again_adds_nothing():
    organisations = {o.schema_name: o for o in Organisation.objects.exclude(level="platform")}
    counts = (Material.objects.count(), Occasion.objects.count(), OutboxEntry.objects.count())
    demo_fill_network(organisations)
    assert (Material.objects.count(), Occasion.objects.count(), OutboxEntry.objects.count()) == counts
