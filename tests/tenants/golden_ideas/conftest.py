"""Fixtures of the 金点子 tests: 资阳's schema, its demo accounts, a selection with open deadlines."""
import datetime as dt

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User

TEST_YEAR = 2031  # the demo uses the current year; tests use their own


@pytest.fixture
def ziyang(db):
    with schema_context("ziyang"):
        yield


@pytest.fixture
def users(db):
    return {name: User.objects.get(username=f"ziyang_{name}") for name in ("admin", "staff", "member", "viewer")}


def open_selection(*, cap: int = 30, days: int = 10, year: int = TEST_YEAR):
    """A selection whose three deadlines are `days`, `days+1`, `days+2` days away (negative: passed)."""
    from tenants.golden_ideas.models import Selection

    today = timezone.localdate()
    selection = Selection(
        year=year, cap=cap, recommend_deadline=today + dt.timedelta(days=days),
        shortlist_deadline=today + dt.timedelta(days=days + 1), approve_deadline=today + dt.timedelta(days=days + 2),
    )
    selection.full_clean()
    selection.save()
    from tenants.golden_ideas.services import categories_ensure_default

    categories_ensure_default()
    return selection


@pytest.fixture
def selection(ziyang):
    return open_selection()


def form_values(**overrides) -> dict:
    """A complete, valid 申报表 for services (model instances for category and unit)."""
    from tenants.golden_ideas.models import Category
    from tenants.structure.models import Unit

    values = dict(
        category=Category.objects.get(name="调查研究"), unit=Unit.objects.get(name="研究室"),
        title="测试用金点子：建立社区食堂运营补贴机制", applicant="测试委员甲", applicant_kind="member",
        contact_name="测试甲", contact_phone="13912345678",
        reason="测试用推荐理由：调研形成建议，民政部门已采纳。", unit_head_name="测试主任",
        unit_head_confirmed=True,
    )
    values.update(overrides)
    return values


@pytest.fixture
def recommend(selection, users):
    """recommend(**overrides) -> a new idea filed by unit staff in the test selection."""
    from tenants.golden_ideas.services import idea_recommend

    def make(actor=None, **overrides):
        return idea_recommend(actor=actor or users["staff"], selection=selection, **form_values(**overrides))

    return make


def review(idea, actor, scores=(8, 8, 8), opinion="测试评审意见"):
    from tenants.golden_ideas.services import review_submit

    return review_submit(actor=actor, idea=idea, political=scores[0], innovative=scores[1],
                         effective=scores[2], opinion=opinion)
