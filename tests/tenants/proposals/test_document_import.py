"""A proposal written in Word is read into the draft form, whatever its usual layout; nothing is saved
until the member saves the form."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from docx import Document

from tenants.proposals.document_import import proposal_from_paragraphs
from tenants.proposals.models import Proposal


def test_numbered_parts_with_metadata_lines():
    got = proposal_from_paragraphs([
        "关于加强农村饮用水安全保障的建议", "提案人：测试委员甲", "界别：农业界", "联系电话：13800000000",
        "一、基本情况", "全市农村集中供水覆盖率已达九成。", "二、存在的主要问题", "部分水厂管护不到位。",
        "水质检测频次不足。", "三、对策建议", "（一）落实管护责任。", "（二）增加检测频次。",
    ])
    assert got.title == "关于加强农村饮用水安全保障的建议"
    assert got.situation == "全市农村集中供水覆盖率已达九成。"
    assert got.analysis == "部分水厂管护不到位。\n水质检测频次不足。"
    assert got.suggestions == "（一）落实管护责任。\n（二）增加检测频次。"
    assert got.notes == []


def test_the_traditional_layout_with_labels_on_the_line():
    got = proposal_from_paragraphs([
        "案由：关于规范校外培训机构的提案", "提案单位：民进资阳市委员会", "理由：校外培训机构良莠不齐，收费不透明。",
        "家长反映强烈。", "办法：建立白名单制度；推行资金监管。",
    ])
    assert (got.title, got.group_name) == ("关于规范校外培训机构的提案", "民进资阳市委员会")
    assert got.situation == "校外培训机构良莠不齐，收费不透明。\n家长反映强烈。"
    assert got.suggestions == "建立白名单制度；推行资金监管。" and got.analysis == ""


def test_no_headings_keeps_every_line_and_says_so():
    got = proposal_from_paragraphs(["关于增设公共厕所的建议", "城区公共厕所数量不足。", "建议新建 20 座。"])
    assert got.title == "关于增设公共厕所的建议"
    assert got.suggestions == "城区公共厕所数量不足。\n建议新建 20 座。"
    assert len(got.notes) == 1 and "全文放在“具体建议”中" in got.notes[0]


@pytest.mark.django_db
def test_the_member_imports_a_docx_and_sees_the_form_filled(site):
    document = Document()
    for line in ("关于推进老旧小区加装电梯的建议", "一、现状", "老旧小区多为六层住宅。", "二、建议", "简化审批，给予补贴。"):
        document.add_paragraph(line)
    data = io.BytesIO()
    document.save(data)
    member = site("ziyang", "ziyang_member")
    with schema_context("ziyang"):
        before = Proposal.objects.count()
    page = member.post("/proposals/import/", {"file": SimpleUploadedFile("电梯.docx", data.getvalue())})
    body = page.content.decode()
    assert page.status_code == 200
    assert 'value="关于推进老旧小区加装电梯的建议"' in body and "简化审批，给予补贴。" in body
    with schema_context("ziyang"):
        assert Proposal.objects.count() == before  # nothing saved yet
    bad = member.post("/proposals/import/", {"file": SimpleUploadedFile("坏.docx", b"not a zip")})
    assert bad.status_code == 400 and 'role="alert"' in bad.content.decode()
