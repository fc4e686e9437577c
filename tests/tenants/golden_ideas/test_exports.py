"""Exports: the 申报表 as .docx in the plan's layout, the commendation list as .xlsx."""
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from tenants.golden_ideas.exports import commendation_xlsx, idea_docx
from tenants.golden_ideas.services import idea_advance
from tests.tenants.golden_ideas.conftest import TEST_YEAR, review

pytestmark = pytest.mark.django_db


def test_the_docx_holds_every_field_of_the_form_in_its_table(recommend, users):
    idea = recommend(applicant="张三委员")
    review(idea, users["admin"])
    idea = idea_advance(actor=users["admin"], idea_id=idea.pk, to_stage="shortlisted", opinion="建议入围初选")
    document = Document(io.BytesIO(idea_docx(idea)))
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert paragraphs[:3] == [
        f"政协资阳市委员会（{TEST_YEAR}）年度“金点子”申报表",
        "推荐单位：研究室",
        f"填报时间：{idea.filed_on.year} 年 {idea.filed_on.month} 月 {idea.filed_on.day} 日",
    ]
    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert len(rows) == 7 and len(table.columns) == 4
    title = "测试用金点子：建立社区食堂运营补贴机制"
    assert rows[0] == ["名    称", title, title, title]  # the value spans three columns
    assert rows[1] == ["类    别", "调查研究", "申报对象", "张三委员（政协委员）"]
    assert rows[2] == ["联 系 人", "测试甲", "联系电话", "13912345678"]
    assert rows[3][0:2] == ["推荐理由", "测试用推荐理由：调研形成建议，民政部门已采纳。"]
    assert rows[4][0:2] == ["推荐委室负责人签字", "测试主任（已签字确认）"]
    assert rows[5][0:2] == ["初评意见", "建议入围初选"]
    assert rows[6][0:2] == ["主席会审议意见", ""]


def test_the_xlsx_lists_approved_and_commended_ideas_only(recommend, users, selection):
    admin = users["admin"]
    titles = ["表扬甲", "审定乙", "初选丙", "推荐丁"]
    ideas = {title: recommend(title=title) for title in titles}
    for title, steps in {"表扬甲": ["shortlisted", "approved", "commended"], "审定乙": ["shortlisted", "approved"],
                         "初选丙": ["shortlisted"]}.items():
        review(ideas[title], admin, (9, 8, 7))
        for step in steps:
            idea_advance(actor=admin, idea_id=ideas[title].pk, to_stage=step, opinion="同意")
    sheet = load_workbook(io.BytesIO(commendation_xlsx(selection))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == f"政协资阳市委员会 {TEST_YEAR} 年度“金点子”表扬名单"
    assert rows[1] == ["序号", "名称", "类别", "推荐单位", "申报对象", "联系人", "联系电话", "评审数", "平均总分",
                       "阶段", "主席会审议意见"]
    assert rows[2:] == [
        [1, "表扬甲", "调查研究", "研究室", "测试委员甲", "测试甲", "13912345678", 1, 24, "表扬", "同意"],
        [2, "审定乙", "调查研究", "研究室", "测试委员甲", "测试甲", "13912345678", 1, 24, "审定", "同意"],
    ]
