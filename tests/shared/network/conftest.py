"""A small province of its own (湖北: 武汉 with a year's work, 黄石 with none) for exact network figures."""
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

TODAY = dt.date(2026, 4, 20)  # the reports of January, February and March are due


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 10, 0))


@pytest.fixture
def hubei(db):
    from accounts.models import Role
    from accounts.services import membership_grant, user_ensure
    from tenancy.services import organisation_create

    province = organisation_create(name="政协湖北省委员会", short_name="湖北", level="province",
                                   region_code="420000", slug="hubei")
    wuhan = organisation_create(name="政协武汉市委员会", short_name="武汉", level="city",
                                region_code="420100", slug="wuhan", parent=province)
    huangshi = organisation_create(name="政协黄石市委员会", short_name="黄石", level="city",
                                   region_code="420200", slug="huangshi", parent=province)
    officer = user_ensure(username="hubei_officer", display_name="湖北省政协工作人员", password="x")
    membership_grant(user=officer, organisation=province, role=Role.PROVINCIAL_OFFICER)
    admin = user_ensure(username="wuhan_admin", display_name="武汉管理员", password="x")
    membership_grant(user=admin, organisation=wuhan, role=Role.TENANT_ADMIN)
    return {"province": province, "wuhan": wuhan, "huangshi": huangshi}


def wuhan_year_fill() -> None:
    """In 武汉's schema: three items of 2026 (two with targets), reports on time, late and missing; two ideas."""
    from tenants.golden_ideas.models import Category, GoldenIdea, Selection
    from tenants.programmes.models import Item, MonthlyReport, Programme, ReportValue, Target
    from tenants.structure.models import Unit

    unit = Unit.objects.create(name="提案委员会")
    plan = Programme.objects.create(kind="work_points", title="2026年工作要点", start_year=2026, end_year=2026)
    first, second, third = (Item.objects.create(programme=plan, number=n, order=n, title=f"事项{n}", lead_unit=unit)
                            for n in (1, 2, 3))
    target = Target.objects.create(item=first, indicator="调研", year=2026, value=Decimal(100))
    Target.objects.create(item=third, indicator="协商", year=2026, value=Decimal(50))
    january = MonthlyReport.objects.create(item=first, month=dt.date(2026, 1, 1), progress="一月", status="on_track",
                                           filed_at=_aware(dt.date(2026, 2, 3)))
    february = MonthlyReport.objects.create(item=first, month=dt.date(2026, 2, 1), progress="二月", status="on_track",
                                            filed_at=_aware(dt.date(2026, 3, 10)))
    ReportValue.objects.create(report=january, target=target, actual=Decimal(40))
    ReportValue.objects.create(report=february, target=target, actual=Decimal(60))
    assert second.targets.count() == 0
    selection = Selection.objects.create(year=2026, recommend_deadline=dt.date(2026, 5, 1),
                                         shortlist_deadline=dt.date(2026, 6, 1), approve_deadline=dt.date(2026, 7, 1))
    category = Category.objects.create(name="建言资政")
    for title, stage in [("金点子甲", "recommended"), ("金点子乙", "commended")]:
        GoldenIdea.objects.create(
            selection=selection, title=title, category=category, unit=unit, applicant="张三",
            applicant_kind="member", contact_name="张三", contact_phone="13800001234", reason="理由",
            unit_head_name="李四", filed_on=dt.date(2026, 3, 1), stage=stage,
        )


@pytest.fixture
def wuhan_pushed(hubei):
    """武汉's year filled and pushed; 黄石 pushes its empty year; nothing else."""
    from tenants.programmes.network_push import network_status_push

    with schema_context("wuhan"):
        wuhan_year_fill()
        network_status_push(today=TODAY)
    with schema_context("huangshi"):
        network_status_push(today=TODAY)
    return hubei
