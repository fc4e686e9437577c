"""The demo gives 资阳 and 金华 a current-year selection across categories and stages; running it again adds nothing."""
import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tenancy.models import Organisation
from tenants.golden_ideas.demo import demo_fill
from tenants.golden_ideas.models import GoldenIdea, Review, Selection

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["ziyang", "jinhua"])
def test_demo_selection_of_the_current_year(slug):
    with schema_context(slug):
        selection = Selection.objects.get(year=timezone.localdate().year)
        ideas = GoldenIdea.objects.filter(selection=selection)
        stages = sorted(ideas.values_list("stage", flat=True))
        assert ideas.count() == 12
        assert stages.count("commended") == 2 and stages.count("approved") == 2
        assert stages.count("shortlisted") == 3 and stages.count("recommended") == 4 and stages.count("rejected") == 1
        assert ideas.values("category").distinct().count() == 7
        assert Review.objects.filter(idea__selection=selection).count() == 10
        demo_fill(Organisation.objects.get(schema_name=slug))
        assert GoldenIdea.objects.filter(selection=selection).count() == 12
        assert Selection.objects.filter(year=selection.year).count() == 1


def test_other_committees_get_no_demo_selection():
    with schema_context("chengdu"):
        assert not Selection.objects.exists()
