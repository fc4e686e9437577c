"""The annual appraisal is finished: automatic scores are not typed over, items without targets are left
out of completion, manual scores come in one grid per criterion, publication locks it, two exports."""
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from tenants.history.models import ChangeLog
from tenants.programmes.models import (
    Appraisal, Criterion, Item, MonthlyReport, Programme, ReportValue, Target, UnitScore,
)
from tenants.programmes.selectors_appraisal import appraisal_publication, appraisal_ranking
from tenants.programmes.services import appraisal as services
from tenants.structure.models import Unit

pytestmark = pytest.mark.django_db

YEAR = 2031  # no demo data in this year
TODAY = dt.date(YEAR, 12, 31)


def year_fill() -> dict[str, Unit]:
    """提案委员会: one item with a target (reached 60 %) and one without; 研究室: one item, no target."""
    proposals, research = Unit.objects.get(name="提案委员会"), Unit.objects.get(name="研究室")
    plan = Programme.objects.create(kind="work_points", title=f"{YEAR}年工作要点", start_year=YEAR, end_year=YEAR)
    with_target = Item.objects.create(programme=plan, number=1, order=1, title="有目标", lead_unit=proposals)
    Item.objects.create(programme=plan, number=2, order=2, title="无目标", lead_unit=proposals)
    Item.objects.create(programme=plan, number=3, order=3, title="研究室事项", lead_unit=research)
    target = Target.objects.create(item=with_target, indicator="调研", year=YEAR, value=Decimal(50))
    report = MonthlyReport.objects.create(
        item=with_target, month=dt.date(YEAR, 11, 1), progress="十一月", status="on_track",
        filed_at=timezone.make_aware(dt.datetime(YEAR, 12, 2, 9)))
    ReportValue.objects.create(report=report, target=target, actual=Decimal(30))
    return {"proposals": proposals, "research": research}


def appraisal_make() -> Appraisal:
    return services.appraisal_create(year=YEAR, title=f"{YEAR}年度评比", criteria=[
        {"name": "目标完成率", "source": Criterion.Source.COMPLETION, "weight": 50},
        {"name": "工作创新", "source": Criterion.Source.MANUAL, "weight": 50},
    ])


def scores_of(appraisal: Appraisal, unit: Unit) -> dict[str, Decimal]:
    return {s.criterion.name: s.score for s in UnitScore.objects.filter(criterion__appraisal=appraisal, unit=unit)
            .select_related("criterion")}


def test_items_without_targets_are_left_out_of_completion(ziyang):
    units = year_fill()
    appraisal = appraisal_make()
    services.appraisal_compute(appraisal=appraisal, today=TODAY)
    # 30 of 50 = 60 %; the item without a target is not a 0 % that would halve it.
    assert scores_of(appraisal, units["proposals"]) == {"目标完成率": Decimal("60.00")}
    # 研究室 has no item with a target: no completion score at all, and the ranking leaves it out.
    assert scores_of(appraisal, units["research"]) == {}
    innovate = appraisal.criteria.get(name="工作创新")
    services.unit_scores_set(criterion=innovate, scores={units["research"].pk: "80", units["proposals"].pk: "40"})
    ranking = {r.unit.name: r for r in appraisal_ranking(appraisal)}
    assert ranking["研究室"].total == Decimal("80.00") and ranking["研究室"].excluded == [True, False]
    assert ranking["提案委员会"].total == Decimal("50.00") and ranking["提案委员会"].excluded == [False, False]
    assert [ranking["研究室"].rank, ranking["提案委员会"].rank] == [1, 2]


def test_automatic_scores_cannot_be_typed_over_and_manual_ones_survive_a_recalculation(ziyang):
    units = year_fill()
    appraisal = appraisal_make()
    services.appraisal_compute(appraisal=appraisal, today=TODAY)
    completion, innovate = appraisal.criteria.order_by("order")
    with pytest.raises(ValidationError) as refused:
        services.unit_score_set(criterion=completion, unit=units["proposals"], score="99")
    assert refused.value.messages == ["“目标完成率”由系统自动计算，不能手工修改得分。"]
    with pytest.raises(ValidationError):
        services.unit_scores_set(criterion=completion, scores={units["proposals"].pk: "99"})
    services.unit_scores_set(criterion=innovate, scores={units["proposals"].pk: "90"})
    services.appraisal_compute(appraisal=appraisal, today=TODAY)
    assert scores_of(appraisal, units["proposals"]) == {"目标完成率": Decimal("60.00"), "工作创新": Decimal("90.00")}


def test_the_grid_saves_every_unit_at_once_or_nothing(ziyang):
    units = year_fill()
    innovate = appraisal_make().criteria.get(name="工作创新")
    with pytest.raises(ValidationError) as bad:
        services.unit_scores_set(criterion=innovate, scores={units["proposals"].pk: "85", units["research"].pk: "abc"})
    assert bad.value.message_dict == {f"score_{units['research'].pk}": ["“研究室“工作创新”得分”的值“abc”不是有效的数字。"]}
    assert not UnitScore.objects.filter(criterion=innovate).exists()
    with pytest.raises(ValidationError) as high:
        services.unit_scores_set(criterion=innovate, scores={units["proposals"].pk: "101"})
    assert high.value.messages == ["“提案委员会“工作创新”得分”应在 0 至 100 之间。"]
    assert services.unit_scores_set(criterion=innovate, scores={units["proposals"].pk: "85", units["research"].pk: ""}) == 1
    assert services.unit_scores_set(criterion=innovate, scores={units["proposals"].pk: ""}) == 1
    assert not UnitScore.objects.filter(criterion=innovate).exists()


def test_publication_locks_the_appraisal(ziyang):
    units = year_fill()
    appraisal = appraisal_make()
    with pytest.raises(ValidationError) as empty:
        services.appraisal_publish(appraisal=appraisal)
    assert empty.value.messages == ["尚未评分，不能发布。"]
    services.appraisal_compute(appraisal=appraisal, today=TODAY)
    innovate = appraisal.criteria.get(name="工作创新")
    services.unit_scores_set(criterion=innovate, scores={units["proposals"].pk: "70"})
    admin = User.objects.get(username="ziyang_admin")
    services.appraisal_publish(actor=admin, appraisal=appraisal)
    publication = appraisal_publication(appraisal)
    assert publication.user_name and publication.changes["ranking"] == [[1, "提案委员会", "65"]]
    locked = f"“{YEAR}年度评比”已发布，评分已锁定，不能再修改。"
    for attempt in (
        lambda: services.appraisal_compute(appraisal=appraisal, today=TODAY),
        lambda: services.unit_scores_set(criterion=innovate, scores={units["proposals"].pk: "10"}),
        lambda: services.unit_score_set(criterion=innovate, unit=units["proposals"], score="10"),
        lambda: services.appraisal_publish(appraisal=appraisal),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert refused.value.messages == [locked]
    assert scores_of(appraisal, units["proposals"])["工作创新"] == Decimal("70.00")


def test_the_lock_is_the_appraisals_own_state_not_its_history_entry(ziyang):
    units = year_fill()
    appraisal = appraisal_make()
    innovate = appraisal.criteria.get(name="工作创新")
    services.unit_scores_set(criterion=innovate, scores={units["proposals"].pk: "70"})
    services.appraisal_publish(appraisal=appraisal)
    assert Appraisal.objects.get(pk=appraisal.pk).published_at is not None
    ChangeLog.objects.filter(model="appraisal", object_id=appraisal.pk, action="publish").delete()
    stale = Appraisal.objects.get(pk=appraisal.pk)
    with pytest.raises(ValidationError) as refused:
        services.unit_scores_set(criterion=stale.criteria.get(name="工作创新"), scores={units["proposals"].pk: "10"})
    assert refused.value.messages == [f"“{YEAR}年度评比”已发布，评分已锁定，不能再修改。"]
    assert appraisal_publication(stale) is not None  # still shown as published


def test_the_admin_site_shows_a_published_appraisals_scores_read_only(ready, site):
    with schema_context("ziyang"):
        services.unit_scores_set(criterion=ready["innovate"], scores={ready["proposals"].pk: "70"})
        score = UnitScore.objects.get(criterion=ready["innovate"], unit=ready["proposals"])
        services.appraisal_publish(appraisal=ready["appraisal"])
    office = site("ziyang", "ziyang_admin")
    change = f"/admin/programmes/unitscore/{score.pk}/change/"
    assert office.get(change).status_code == 200
    assert 'name="score"' not in office.get(change).content.decode()  # shown, not editable
    refused = office.post(change, {"criterion": ready["innovate"].pk, "unit": ready["proposals"].pk, "score": "5"})
    assert refused.status_code == 403
    assert office.post(f"/admin/programmes/unitscore/{score.pk}/delete/", {"post": "yes"}).status_code == 403
    appraisal_page = office.get(f"/admin/programmes/appraisal/{ready['appraisal'].pk}/change/").content.decode()
    assert 'name="criteria-0-weight"' not in appraisal_page
    with schema_context("ziyang"):
        assert UnitScore.objects.get(pk=score.pk).score == Decimal("70.00")


# --- pages -------------------------------------------------------------------------------------------------------

@pytest.fixture
def ready(db):
    with schema_context("ziyang"):
        units = year_fill()
        appraisal = appraisal_make()
        innovate = appraisal.criteria.get(name="工作创新")
        completion = appraisal.criteria.get(name="目标完成率")
    return {"appraisal": appraisal, "innovate": innovate, "completion": completion, **units}


def test_the_grid_page_enters_every_unit_and_refuses_bad_input_whole(ready, site):
    office = site("ziyang", "ziyang_admin")
    url = f"/programmes/appraisals/{ready['appraisal'].pk}/criteria/{ready['innovate'].pk}/"
    page = office.get(url).content.decode()
    assert f'name="score_{ready["proposals"].pk}"' in page and f'name="score_{ready["research"].pk}"' in page
    bad = office.post(url, {f"score_{ready['proposals'].pk}": "88", f"score_{ready['research'].pk}": "-3"})
    body = bad.content.decode()
    assert bad.status_code == 400 and "“研究室“工作创新”得分”不能为负数。" in body
    assert 'value="88"' in body  # what was typed is kept
    with schema_context("ziyang"):
        assert not UnitScore.objects.filter(criterion=ready["innovate"]).exists()
    good = office.post(url, {f"score_{ready['proposals'].pk}": "88", f"score_{ready['research'].pk}": "75"})
    assert good.status_code == 302
    with schema_context("ziyang"):
        assert dict(UnitScore.objects.filter(criterion=ready["innovate"]).values_list("unit__name", "score")) == {
            "提案委员会": Decimal("88.00"), "研究室": Decimal("75.00")}
    # An automatic criterion's grid shows the scores and no input.
    automatic = office.get(f"/programmes/appraisals/{ready['appraisal'].pk}/criteria/{ready['completion'].pk}/")
    assert "不能手工修改" in automatic.content.decode() and "<input id=\"score-" not in automatic.content.decode()
    # A viewer sees the grid read-only and may not post it.
    viewer = site("ziyang", "ziyang_viewer")
    assert 'name="score_' not in viewer.get(url).content.decode()
    assert viewer.post(url, {f"score_{ready['proposals'].pk}": "1"}).status_code == 403


def test_the_page_publishes_then_shows_the_appraisal_locked(ready, site):
    office = site("ziyang", "ziyang_admin")
    base = f"/programmes/appraisals/{ready['appraisal'].pk}/"
    assert office.post(base).status_code == 302  # compute
    page = office.get(base).content.decode()
    assert 'data-testid="publish"' in page and "不适用" in page  # 研究室's completion
    published = office.post(f"{base}publish/", follow=True)
    assert "已发布，评分已锁定" in published.content.decode()
    page = office.get(base).content.decode()
    assert "已锁定" in page and 'data-testid="publish"' not in page and 'data-testid="compute"' not in page
    grid = office.get(f"{base}criteria/{ready['innovate'].pk}/").content.decode()
    assert 'name="score_' not in grid
    again = office.post(f"{base}criteria/{ready['innovate'].pk}/", {f"score_{ready['proposals'].pk}": "5"})
    assert again.status_code == 400 and "已发布，评分已锁定，不能再修改" in again.content.decode()
    recompute = office.post(base)
    assert recompute.status_code == 400 and "已发布，评分已锁定，不能再修改" in recompute.content.decode()
    listed = office.get("/programmes/appraisals/").content.decode()
    assert f'data-testid="published-{ready["appraisal"].pk}"' in listed


def test_both_exports_read_back(ready, site):
    from docx import Document
    from openpyxl import load_workbook

    office = site("ziyang", "ziyang_admin")
    base = f"/programmes/appraisals/{ready['appraisal'].pk}/"
    office.post(base)
    office.post(f"{base}criteria/{ready['innovate'].pk}/",
                {f"score_{ready['proposals'].pk}": "40", f"score_{ready['research'].pk}": "80"})
    office.post(f"{base}publish/")
    xlsx = office.get(f"{base}appraisal.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == f"{YEAR}年度评比" and rows[1][0].startswith("已发布")
    assert rows[2] == ("名次", "委室", "目标完成率（50）", "工作创新（50）", "综合得分")
    assert rows[3] == (1, "研究室", "不适用", 80.0, 80.0)
    assert rows[4] == (2, "提案委员会", 60.0, 40.0, 50.0)
    docx = office.get(f"{base}appraisal.docx")
    assert docx.status_code == 200
    document = Document(io.BytesIO(docx.content))
    assert document.paragraphs[0].text == f"政协资阳市委员会{YEAR}年度评比"
    table = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert table == [["名次", "委室", "目标完成率", "工作创新", "综合得分"],
                     ["1", "研究室", "不适用", "80", "80"], ["2", "提案委员会", "60", "40", "50"]]
    assert any(re.search("权重 50", p.text) for p in document.paragraphs)


# --- API ---------------------------------------------------------------------------------------------------------

def test_the_api_takes_a_grid_and_publishes(ready, site):
    office = site("ziyang", "ziyang_admin")
    base = f"/api/programme-appraisals/{ready['appraisal'].pk}/"
    grid = f"{base}criteria/{ready['innovate'].pk}/scores/"
    bad = office.post(grid, {"scores": {str(ready["proposals"].pk): "x"}}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    assert list(bad.json()["errors"]) == [f"score_{ready['proposals'].pk}"]
    automatic = office.post(f"{base}criteria/{ready['completion'].pk}/scores/",
                            {"scores": {str(ready["proposals"].pk): "9"}}, content_type="application/json")
    assert automatic.status_code == 400 and "不能手工修改" in automatic.json()["detail"]
    ok = office.post(grid, {"scores": {str(ready["proposals"].pk): "66"}}, content_type="application/json")
    assert ok.json() == {"changed": 1}
    shown = office.get(grid).json()
    assert shown["editable"] is True and {r["unit"]: r["score"] for r in shown["scores"]}["提案委员会"] == "66.00"
    published = office.post(f"{base}publish/")
    assert published.status_code == 200 and published.json()["published"] is True
    assert office.post(f"{base}publish/").status_code == 400
    assert office.get(grid).json()["editable"] is False
    viewer = site("ziyang", "ziyang_viewer")
    assert viewer.post(f"{base}publish/").status_code == 403
