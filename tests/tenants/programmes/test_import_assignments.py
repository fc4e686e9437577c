"""The work-points import reads who does each item, matches it to 资阳's units and leaders, and the
preview lets the office choose per item and for ticked items before anything is saved.

The documents are written here (facts such as 资阳's unit names only, no sentences of the seeds).
"""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from tenants.programmes import imports, selectors, services
from tenants.programmes.models import Item, Programme
from tenants.programmes.responsibility import extract_responsibility
from tenants.programmes.work_points import parse_work_points
from tenants.structure.models import Leader, Unit

pytestmark = pytest.mark.django_db

LABEL_LINES = """政协某市委员会2026年工作要点

一、强化理论武装

1.开展专题学习。每季度举办一次读书会。
牵头单位：市政协办公室
配合单位：研究室、文史委
责任领导：分管办公室的市政协领导

2.办好委员讲堂。全年开讲八期。
责任委（室）：地联委
分管领导：市政协秘书长

二、助推发展

3.开展产业调研。形成调研报告两篇。
牵头单位：经济委、农业农村委
责任领导：主席会议成员
"""

INLINE = """某县政协2026年工作安排

一、协商议政

1.组织专题协商。围绕乡村振兴开展协商（牵头单位：农业农村委；配合单位：经济委、社法委）。
2.做好提案督办。由提案委牵头，研究室、办公室配合，推动重点提案办理。
3.推进界别活动。【牵头单位】地联委 【协办单位】民宗外侨委
4.抓好宣传工作。责任单位：办公室（牵头）、文化文史和学习委员会。
5.办好协商平台。牵头单位：交通委
"""

NO_NAMES = """政协某区委员会2026年工作要点

一、加强学习
1.坚持集中学习。每月一次。
2.组织委员培训。每年两期。
二、履职尽责
3.开展民主监督。聚焦民生实事。
"""


@pytest.mark.parametrize("text,leads,coops,leaders", [
    ("牵头单位：市政协办公室\n配合单位：研究室、文史委\n责任领导：分管办公室的市政协领导",
     ["市政协办公室"], ["研究室", "文史委"], ["分管办公室的市政协领导"]),
    ("组织协商（牵头单位：农业农村委；配合单位：经济委、社法委）。", ["农业农村委"], ["经济委", "社法委"], []),
    ("由提案委牵头，研究室、办公室配合，推动办理。", ["提案委"], ["研究室", "办公室"], []),
    ("【牵头单位】地联委 【协办单位】民宗外侨委", ["地联委"], ["民宗外侨委"], []),
    ("责任单位：办公室（牵头）、文化文史和学习委员会。", ["办公室"], ["文化文史和学习委员会"], []),
    ("牵头单位为经济委，协助单位为研究室。", ["经济委"], ["研究室"], []),
    ("该项工作由地联委牵头，其他委（室）配合。", ["地联委"], [], []),
    ("责任领导：张三、李四\n责任单位：各委（室）", [], [], ["张三", "李四"]),
    ("全年组织读书活动，推动学习常态化。", [], [], []),
])
def test_who_does_an_item_is_read_from_its_text(text, leads, coops, leaders):
    found = extract_responsibility(text)
    assert (found.lead_units, found.cooperating_units, found.leaders) == (leads, coops, leaders)


def test_label_lines_are_matched_to_the_committees_units_and_leaders(ziyang):
    draft = parse_work_points(LABEL_LINES.splitlines())
    study, lecture, survey = selectors.draft_assignments(draft)
    secretary = Leader.objects.get(title="secretary_general")
    office_leaders = Leader.objects.filter(units__name="办公室")
    assert study.lead_unit.name == "办公室"
    assert [u.name for u in study.cooperating_units] == ["研究室", "文化文史和学习委员会"]
    # 办公室 is overseen by the chair and the secretary-general: the secretary-general is responsible.
    assert secretary in office_leaders and study.responsible_leader == secretary
    assert (lecture.lead_unit.name, lecture.responsible_leader) == ("联络委员会", secretary)
    assert survey.lead_unit.name == "经济委员会"
    assert [u.name for u in survey.cooperating_units] == ["农业农村委员会"]
    # "主席会议成员" names several people: nobody is guessed, it is shown as unmatched.
    assert survey.responsible_leader is None and survey.unknown == ["主席会议成员"]


def test_leaders_are_matched_by_name_by_unit_overseen_and_by_a_single_office(ziyang):
    vice = Leader.objects.filter(title="vice_chair").order_by("order").first()
    unit = vice.units.first()
    assert selectors.leader_match(f"{vice.name}副主席") == vice
    assert selectors.leader_match(f"分管{unit.name}的市政协领导") == vice
    assert selectors.leader_match("市政协主席") == Leader.objects.get(title="chair")
    assert selectors.leader_match("副主席") is None  # several vice-chairs
    assert selectors.leader_match("分管交通委的领导") is None


@pytest.mark.parametrize("written,unit", [
    ("市政协办公室", "办公室"), ("县政协提案委", "提案委员会"), ("民宗外侨委", "民族宗教和外事侨务委员会"),
    ("社法委", "社会和法制委员会"), ("文化文史学习委", "文化文史和学习委员会"), ("地联委", "联络委员会"),
    ("农业农村委", "农业农村委员会"), ("交通委", None),
])
def test_short_names_find_their_unit(ziyang, written, unit):
    found = selectors.unit_match(written)
    assert (found.name if found else None) == unit


def test_inline_shapes_import_with_lead_and_cooperating_units(ziyang):
    draft = parse_work_points(INLINE.splitlines())
    programme = services.work_points_import(draft=draft, year=2026)
    items = [(i.number, i.lead_unit.name if i.lead_unit else None, sorted(u.name for u in i.cooperating_units.all()))
             for i in programme.items.order_by("order")]
    assert items == [
        (1, "农业农村委员会", ["社会和法制委员会", "经济委员会"]),
        (2, "提案委员会", ["办公室", "研究室"]),
        (3, "联络委员会", ["民族宗教和外事侨务委员会"]),
        (4, "办公室", ["文化文史和学习委员会"]),
        (5, None, []),
    ]


def test_a_document_naming_nobody_arrives_without_lead_units(ziyang):
    draft = parse_work_points(NO_NAMES.splitlines())
    assert all(a.lead_unit is None and not a.unknown for a in selectors.draft_assignments(draft))


def _upload(client, text):
    return client.post("/programmes/import/", {
        "file": SimpleUploadedFile("要点.txt", text.encode("utf-8")), "year": "2026"}, HTTP_HX_REQUEST="true")


def _token(body: str) -> str:
    import re

    return re.search(r'name="token" value="([^"]+)"', body).group(1)


def test_preview_shows_names_and_unmatched_and_assigns_in_bulk_before_saving(site):
    office = site("ziyang", "ziyang_admin")
    body = _upload(office, INLINE).content.decode()
    assert "文中写明：牵头 农业农村委；配合 经济委、社法委" in body
    assert "未找到对应的委室或领导：交通委。请在下面选择。" in body
    assert "1 个事项尚未指定牵头委室" in body
    token = _token(body)
    with schema_context("ziyang"):
        liaison = Unit.objects.get(name="联络委员会").pk
        research = Unit.objects.get(name="研究室").pk
        secretary = Leader.objects.get(title="secretary_general").pk
        before = Programme.objects.count()
    chosen = {"token": token, "year": "2026", "title": "某县政协2026年工作安排",
              "lead_0": research, "lead_1": "", "lead_4": ""}
    # Ticked items 2 and 5 get 联络委员会 and the secretary-general: the preview again, nothing saved.
    body = office.post("/programmes/import/confirm/", {**chosen, "action": "assign", "pick": ["1", "4"],
                                                       "bulk_lead": liaison, "bulk_leader": secretary},
                       HTTP_HX_REQUEST="true").content.decode()
    assert "已为勾选的 2 个事项分配，确认导入后保存。" in body
    assert f'<option value="{liaison}" selected translate="no">联络委员会</option>' in body
    with schema_context("ziyang"):
        assert Programme.objects.count() == before
    # Nothing ticked: a message, still nothing saved.
    body = office.post("/programmes/import/confirm/", {**chosen, "action": "assign", "bulk_lead": liaison},
                       HTTP_HX_REQUEST="true").content.decode()
    assert "请先勾选要分配的事项。" in body
    # A unit that does not exist: a message, nothing saved.
    body = office.post("/programmes/import/confirm/", {**chosen, "lead_2": "999999", "action": "confirm"},
                       HTTP_HX_REQUEST="true").content.decode()
    assert "所选委室不存在，请重新选择。" in body
    with schema_context("ziyang"):
        assert Programme.objects.count() == before
    response = office.post("/programmes/import/confirm/", {
        **chosen, "action": "confirm", "lead_1": liaison, "leader_1": secretary, "lead_4": liaison})
    assert response.status_code == 302
    with schema_context("ziyang"):
        programme = Programme.objects.get(title="某县政协2026年工作安排")
        leads = list(programme.items.order_by("order").values_list("lead_unit__name", "responsible_leader_id"))
    assert leads == [("研究室", None), ("联络委员会", secretary), (None, None), (None, None), ("联络委员会", None)]


def test_enter_in_a_field_shows_the_preview_again_without_a_bulk_action(site):
    import re

    office = site("ziyang", "ziyang_admin")
    body = _upload(office, INLINE).content.decode()
    form = body.split('<form method="post"', 1)[1]
    # Enter in a field presses the form's first submit button: the review button, not a bulk action.
    first = re.search(r'<button type="submit" name="action" value="(\w+)"', form).group(1)
    assert first == "review"
    with schema_context("ziyang"):
        liaison = Unit.objects.get(name="联络委员会").pk
        before = Programme.objects.count()
    chosen = {"token": _token(body), "year": "2026", "title": "回车测试计划", "pick": ["1"], "bulk_lead": liaison}
    again = office.post("/programmes/import/confirm/", {**chosen, "action": "review"},
                        HTTP_HX_REQUEST="true").content.decode()
    assert 'value="回车测试计划"' in again and "已为勾选" not in again and "请先勾选" not in again
    assert f'<option value="{liaison}" selected' not in again.split('name="lead_1"', 1)[1].split("</select>", 1)[0]
    with schema_context("ziyang"):
        assert Programme.objects.count() == before


def test_tampered_assignments_of_a_stale_preview_are_refused(ziyang):
    draft = parse_work_points(NO_NAMES.splitlines())
    with pytest.raises(Exception) as info:
        services.work_points_import(draft=draft, year=2026, assignments=[])
    assert "事项分配与预览不一致" in str(info.value)
    assert not Programme.objects.filter(title="政协某区委员会2026年工作要点").exists()
    assert not Item.objects.filter(title="坚持集中学习").exists()


def test_token_round_trip_keeps_the_names(ziyang):
    draft = parse_work_points(LABEL_LINES.splitlines())
    again = imports.draft_unsign(imports.draft_sign(draft))
    assert again.items[0].cooperating_units == ["研究室", "文史委"]
    assert again.items[1].leaders == ["市政协秘书长"]


def test_a_part_without_numbered_items_becomes_one_item_with_its_responsibility(ziyang):
    draft = parse_work_points([
        "政协某市委员会2026年工作要点",
        "一、加强学习",
        "1.组织集中学习。每月一次。",
        "2.开展读书活动。每季一次。",
        "二、开展界别协商专项行动。",
        "围绕民生实事组织界别协商，形成协商成果。",
        "该项工作由地联委牵头，其他委（室）配合。",
        "三、办好委员讲堂",
        "3.邀请委员开讲。全年八期。",
    ])
    assert [[(i.number, i.title) for i in s.items] for s in draft.sections] == [
        [(1, "组织集中学习"), (2, "开展读书活动")], [(3, "开展界别协商专项行动")], [(3, "邀请委员开讲")]]
    assert "第二部分“开展界别协商专项行动”没有编号条目，已将该部分作为一个事项导入。" in draft.warnings
    assert selectors.draft_assignments(draft)[2].lead_unit.name == "联络委员会"
