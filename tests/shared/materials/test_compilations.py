"""Compilations: a volume split for review and saved with each speech under its committee; a built volume exported to Word."""
import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from django.core.exceptions import ValidationError

from documents.extraction import DocumentError
from shared.materials import selectors, services
from shared.materials.export import compilation_docx
from shared.materials.models import Compilation, CompilationEntry, Material
from tenancy.models import Organisation
from tests.shared.materials.files import docx_bytes, zip_bomb_bytes

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"

SEED_001_SURVIVING = [
    ("政协成都市委员会", "chengdu", "夯实履职基础提升履职质效"),
    ("政协泸州市委员会", "luzhou", "守正创新高质量推进提案工作"),
    ("政协绵阳市委员会", "mianyang", "构建全链条机制推动分基地建设"),
    ("政协内江市委员会", "neijiang", "搭建协商平台助推高质量发展"),
    ("政协乐山市委员会", "leshan", "破解“两个薄弱”务求取得实效"),
    ("政协巴中市委员会", "bazhong", "聚焦产业深耕“双助”"),
]

# A small volume of our own: organisations by full and by short name, a heading on one line.
OWN_VOLUME = [
    "2031年全省政协读书交流材料汇编",
    "目录",
    "1. 政协资阳市委员会：田间地头的读书会……1",
    "2. 政协安岳县委员会：柠檬园里的协商……3",
    "3. 政协金华市委员会：跨省来的一篇……5",
    "田间地头的读书会",
    "政协资阳市委员会",
    "委员读书小组设在村文化院坝，每季度推荐两本种养技术读物。",
    "读书心得写成短文，贴在村务公开栏旁边。",
    "政协安岳县委员会：柠檬园里的协商",
    "果农们围坐在柠檬园里，和委员一起商量冷库建在哪里。",
    "三次协商之后，冷库选址定了下来，当年就投入使用。",
    "跨省来的一篇",
    "政协金华市委员会",
    "这一篇来自省外，导入时需要人工确认归属。",
]


def seed_001_bytes() -> bytes:
    if not SEEDS.is_dir() or not sorted(SEEDS.glob("001_*.txt")):
        pytest.skip("seed 001 is absent")
    return sorted(SEEDS.glob("001_*.txt"))[0].read_bytes()


def test_seed_001_preview_attributes_the_six_speeches_and_saves_nothing(media, in_committee):
    in_committee("sichuan")
    before = Material.objects.count()

    preview = services.compilation_split_preview(filename="汇编.txt", data=seed_001_bytes())

    assert preview.title == "全省政协工作经验交流会发言材料汇编"
    by_slug = {o.schema_name: o.id for o in selectors.organisations_for_attribution()}
    assert [(r.organisation_name, r.organisation_id, r.title) for r in preview.rows] == [
        (name, by_slug[slug], title) for name, slug, title in SEED_001_SURVIVING
    ]
    assert [r.toc_number for r in preview.rows] == [1, 2, 3, 4, 5, 6]
    assert sum("在正文中未找到" in w for w in preview.warnings) == 6
    assert Material.objects.count() == before and media() == []


def test_seed_001_saved_from_the_reviewed_preview(media, in_committee, user):
    sichuan = in_committee("sichuan")
    data = seed_001_bytes()
    preview = services.compilation_split_preview(filename="汇编.txt", data=data)
    rows = [services.ImportRow(title=r.title, organisation_id=r.organisation_id, body=r.body) for r in preview.rows]
    occasion = services.occasion_ensure(name="全省政协工作经验交流会", held_on=dt.date(2024, 5, 20), host=sichuan)

    compilation = services.compilation_import(
        actor=user("sichuan_admin"), title=preview.title, rows=rows,
        occasion=occasion, visibility="province", file_name="汇编.txt", file_data=data,
    )

    materials = [e.material for e in CompilationEntry.objects.filter(compilation=compilation).select_related("material__organisation")]
    assert [(m.organisation.schema_name, m.title) for m in materials] == [
        (slug, title) for _, slug, title in SEED_001_SURVIVING
    ]
    assert all(m.keeper == sichuan and m.visibility == "province" and m.occasion == occasion for m in materials)
    assert materials[0].body.startswith("近年来")
    assert media() == ["shared/" + compilation.file.name]
    # Chengdu reads its own speech as a shared material of its province.
    in_committee("chengdu")
    assert selectors.material_get(materials[0].id).title == "夯实履职基础提升履职质效"


def test_own_volume_preview_matches_names_over_the_platform(in_committee):
    in_committee("sichuan")
    preview = services.compilation_split_preview(filename="读书.docx", data=docx_bytes(OWN_VOLUME))
    assert preview.title == "2031年全省政协读书交流材料汇编"
    names = {o.id: o.schema_name for o in Organisation.objects.all()}
    assert [(r.title, names.get(r.organisation_id)) for r in preview.rows] == [
        ("田间地头的读书会", "ziyang"),
        ("柠檬园里的协商", "anyue"),
        ("跨省来的一篇", "jinhua"),  # a committee of another province of the platform
    ]
    assert preview.rows[1].body == "果农们围坐在柠檬园里，和委员一起商量冷库建在哪里。\n三次协商之后，冷库选址定了下来，当年就投入使用。"
    assert any("金华" in w and "全平台交流" in w for w in preview.warnings)


def test_import_refuses_unattributed_rows_and_drafts_and_leaves_nothing(media, in_committee, user):
    in_committee("sichuan")
    jinhua_id = Organisation.objects.get(schema_name="jinhua").id
    rows = [services.ImportRow(title="跨省来的一篇", organisation_id=jinhua_id, body="正文。")]
    before = (Material.objects.count(), Compilation.objects.count())
    with pytest.raises(ValidationError) as error:
        services.compilation_import(actor=user("sichuan_admin"), title="汇编", rows=rows,
                                    file_name="a.docx", file_data=docx_bytes(OWN_VOLUME))
    assert error.value.messages == ["第 1 篇“跨省来的一篇”署名外省的政协金华市委员会，请选择“全平台交流”。"]
    with pytest.raises(ValidationError):
        services.compilation_import(actor=user("sichuan_admin"), title="汇编", rows=rows, visibility="draft")
    with pytest.raises(DocumentError):
        services.compilation_split_preview(filename="炸弹.docx", data=zip_bomb_bytes())
    assert (Material.objects.count(), Compilation.objects.count()) == before
    assert media() == []


def test_builder_exports_a_docx_with_toc_and_materials_in_order(in_committee, user):
    in_committee("ziyang")
    staff = user("ziyang_staff")
    first = services.material_create(actor=staff, title="第一篇：议事室", body="议事室的第一段。\n议事室的第二段。")
    second = services.material_create(actor=staff, title="第二篇：读书会", body="读书会的正文。", author="文史委")
    shared = Material.objects.filter(organisation__schema_name="chengdu", visibility="platform").first()

    compilation = services.compilation_build(
        actor=staff, title="资阳交流材料选编", material_ids=[second.id, shared.id, first.id]
    )

    ordered = selectors.compilation_materials(compilation)
    assert [m.id for m in ordered] == [second.id, shared.id, first.id]
    document = docx.Document(io.BytesIO(compilation_docx(compilation, ordered)))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    toc_at = texts.index("目录")
    assert texts[0] == "资阳交流材料选编"
    assert texts[toc_at + 1: toc_at + 4] == [
        "1. 政协资阳市委员会：第二篇：读书会",
        f"2. 政协成都市委员会：{shared.title}",
        "3. 政协资阳市委员会：第一篇：议事室",
    ]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["第二篇：读书会", shared.title, "第一篇：议事室"]
    assert texts[-2:] == ["议事室的第一段。", "议事室的第二段。"]
    assert "政协资阳市委员会　文史委" in texts


def test_builder_refuses_materials_the_committee_cannot_read(in_committee, user):
    in_committee("jinhua")
    draft = services.material_create(actor=user("jinhua_staff"), title="金华草稿", body="草稿。")
    in_committee("ziyang")
    with pytest.raises(ValidationError) as error:
        services.compilation_build(actor=user("ziyang_staff"), title="选编", material_ids=[draft.id])
    assert error.value.message_dict == {"materials": ["所选材料不存在或本会无权查看。"]}
