"""Import of work-points documents: preview saves nothing, confirm is all or nothing, bad files are refused."""
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tenants.programmes.work_points import WorkPointsImportError, parse_work_points
from tenants.programmes import imports, services
from tenants.programmes.models import Item, Programme

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"
OWN_TEXT = "某县政协2025年工作要点\n一、学习\n1.抓好学习。每月一次（办公室牵头）。\n2.办好讲堂。每季一次。\n二、协商\n3.组织协商。围绕发展（提案委员会牵头）。\n"


def _docx(paragraphs) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _seed_002() -> str:
    files = sorted(SEEDS.glob("002_*.txt"))
    if not files:
        pytest.skip("seed 002 not available")
    return files[0].read_text(encoding="utf-8")


def test_jinhua_2022_work_points_import_exactly_from_docx(ziyang):
    text = _seed_002()
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    draft = imports.draft_from_upload(SimpleUploadedFile("金华2022工作要点.docx", _docx(paragraphs)))
    programme = services.work_points_import(draft=imports.draft_unsign(imports.draft_sign(draft)), year=2022)
    assert programme.sections.count() == 6
    assert list(programme.items.order_by("order").values_list("number", flat=True)) == list(range(1, 21))
    assert [s.items.count() for s in programme.sections.order_by("number")] == [3, 3, 3, 3, 3, 5]
    assert programme.items.get(number=13).title == "迭代深化“数字政协”建设"


def test_jinhua_gb18030_txt_imports_the_same(ziyang):
    text = _seed_002()
    draft = imports.draft_from_upload(SimpleUploadedFile("要点.txt", text.encode("gb18030")))
    assert (len(draft.sections), len(draft.items)) == (6, 20)


def test_own_document_imports_with_lead_units(ziyang):
    draft = imports.draft_from_upload(SimpleUploadedFile("plan.md", OWN_TEXT.encode("utf-8")))
    programme = services.work_points_import(draft=draft, year=2025)
    assert [(i.number, i.title, i.lead_unit.name if i.lead_unit else None)
            for i in programme.items.order_by("order")] == [
        (1, "抓好学习", "办公室"), (2, "办好讲堂", None), (3, "组织协商", "提案委员会")]
    assert programme.title == "某县政协2025年工作要点"


@pytest.mark.parametrize("name,data,expected", [
    ("broken.docx", b"PK\x03\x04" + b"\x00garbage" * 20, "损坏"),
    ("fake.docx", b"this is not a word file", "不是有效的 Word 文档"),
    ("big5.txt", "一、學習\n1.抓好學習。".encode("big5"), "无法识别文件的文字编码"),
    ("binary.md", bytes(range(1, 32)) * 50, "无法识别文件的文字编码"),
])
def test_bad_files_are_refused_with_a_chinese_message(ziyang, name, data, expected):
    with pytest.raises(WorkPointsImportError) as info:
        imports.draft_from_upload(SimpleUploadedFile(name, data))
    assert expected in info.value.message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.message)


def test_encrypted_docx_is_refused(ziyang):
    # An encrypted Office file is an OLE2 compound file holding an "EncryptedPackage" stream.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    with pytest.raises(WorkPointsImportError) as info:
        imports.draft_from_upload(SimpleUploadedFile("secret.docx", data))
    assert info.value.code == "encrypted"
    assert "密码" in info.value.message


def test_30_mb_upload_is_refused_before_reading(ziyang):
    upload = SimpleUploadedFile("big.txt", b"a" * (30 * 1024 * 1024))
    with pytest.raises(WorkPointsImportError) as info:
        imports.draft_from_upload(upload)
    assert info.value.code == "too_large"
    assert info.value.message == "文件超过 20 MB 上限（本文件 30.0 MB）。"


def test_tampered_token_is_refused(ziyang):
    with pytest.raises(WorkPointsImportError) as info:
        imports.draft_unsign("abc:def")
    assert info.value.message == "预览数据无效，请重新上传文件。"


def test_failed_import_leaves_nothing_half_saved(ziyang):
    draft = parse_work_points(OWN_TEXT.splitlines())
    # The second part is written after the first: a failure there must undo the first as well.
    draft.sections[1].number = -1
    before = (Programme.objects.count(), Item.objects.count())
    with pytest.raises(Exception):
        services.work_points_import(draft=draft, year=2025)
    assert (Programme.objects.count(), Item.objects.count()) == before


def test_demo_jinhua_plan_has_six_parts_and_twenty_items(db):
    from django_tenants.utils import schema_context

    with schema_context("jinhua"):
        programme = Programme.objects.get(title="中共政协金华市委员会党组2022年工作要点")
        assert programme.sections.count() == 6
        assert programme.items.count() == 20
        assert programme.items.exclude(lead_unit=None).count() == 20
