"""Generic rules of the compilation splitter, each on a small volume of its own.

Every name, title and sentence here is invented for these tests. Each test
states what a person reviewing the split would check: the rows (organisation,
title), the author, where a body starts and ends, and what is not a speech.
"""

from __future__ import annotations

import pytest

from shared.materials.splitting import split_compilation


def rows(draft):
    return [(m.organisation, m.title) for m in draft.materials]


# --- organisation forms: bare places, outposts in towns and parks, 界别 groups ----------

ABBREVIATED_ORG_FIRST = [
    "某市政协基层履职案例",
    "青川县",
    "把协商议事点设在集镇上",
    "县政协在每个集镇设立一个协商议事点，每逢赶场天由委员轮流值守，听取群众意见。",
    "临江镇政协联络组",
    "委员帮办“小事情”",
    "联络组委员分片包干，群众反映的小事情一周内给出答复，今年已办结四十三件。",
    "经开区政协联络处",
    "企业诉求周周收",
    "联络处每周收集一次园区企业的诉求，汇总后转交管委会相关部门，办理结果按月通报。",
    "高新区工委",
    "科技委员进企业",
    "工委组织科技界委员每月走访两家企业，帮助企业对接高校和科研院所。",
    "经济界别委员小组",
    "民营企业座谈会常态化",
    "小组每季度召开一次民营企业座谈会，请县里有关部门到会听取意见、现场答复。",
]


def test_abbreviated_organisations_first_are_organisations_not_titles():
    draft = split_compilation(ABBREVIATED_ORG_FIRST)
    assert rows(draft) == [
        ("青川县", "把协商议事点设在集镇上"),
        ("临江镇政协联络组", "委员帮办“小事情”"),
        ("经开区政协联络处", "企业诉求周周收"),
        ("高新区工委", "科技委员进企业"),
        ("经济界别委员小组", "民营企业座谈会常态化"),
    ]
    assert draft.materials[0].body.startswith("县政协在每个集镇")


@pytest.mark.parametrize("title", ["打造美丽宜居示范县", "建设新区", "推动发展新城区"])
def test_a_title_ending_in_a_place_word_is_still_a_title(title):
    draft = split_compilation([
        "交流材料",
        title,
        "某县政协",
        "我们组织委员围绕这一主题开展了三次专题调研，形成的建议报送县委县政府。",
        "委员读书班的做法",
        "某区政协",
        "读书班每月举办一次，请委员轮流领读，读后写出心得体会。",
    ])
    assert rows(draft) == [("某县政协", title), ("某区政协", "委员读书班的做法")]


# --- a speaker's role and name under the heading -------------------------------------------

def test_a_role_and_name_line_is_the_author_not_part_of_the_title():
    draft = split_compilation([
        "委员履职交流材料",
        "协商议事室建在园区里",
        "市政协经济委员会",
        "主任  冯某某",
        "园区企业反映的问题，过去要跑几个部门，现在在议事室里一次商量清楚。",
        "委员联系群众的“便民卡”",
        "某镇政协联络组",
        "组长 严某",
        "便民卡上印着委员的姓名和电话，群众有事可以直接打电话，委员三天内回复。",
    ])
    assert rows(draft) == [
        ("市政协经济委员会", "协商议事室建在园区里"),
        ("某镇政协联络组", "委员联系群众的“便民卡”"),
    ]
    assert [m.author for m in draft.materials] == ["冯某某", "严某"]
    assert [m.body.split("\n")[0][:4] for m in draft.materials] == ["园区企业", "便民卡上"]


# --- front and back matter: 前言, 编者按, 说明, 后记 are no speeches ------------------------

FRONT_AND_BACK = [
    "某县政协委员工作室经验选编",
    "前  言",
    "为交流委员工作室建设的经验，县政协办公室把各工作室的材料整理成册，供大家参考。",
    "工作室开在村口",
    "某乡政协联络组",
    "工作室设在村委会旁边，每周二委员轮流坐班，群众来了就有人接待。",
    "“委员讲堂”进社区",
    "某街道政协联络组",
    "委员讲堂每月开讲一次，请医生、律师、教师委员讲群众关心的事情。",
    "编后记",
    "本书编印中得到各乡镇、街道政协联络组的支持，在此致谢。疏漏之处，敬请指正。",
    "县政协办公室",
    "2025年10月",
]


def test_front_and_back_matter_are_not_speeches_and_end_the_last_one():
    draft = split_compilation(FRONT_AND_BACK)
    assert rows(draft) == [
        ("某乡政协联络组", "工作室开在村口"),
        ("某街道政协联络组", "“委员讲堂”进社区"),
    ]
    assert draft.materials[-1].body == "委员讲堂每月开讲一次，请医生、律师、教师委员讲群众关心的事情。"
    assert draft.warnings == ["未找到目录，已按正文中单独成行的标题和单位名称拆分，请逐篇核对。"]


def test_matter_listed_in_the_toc_is_expected_as_no_material():
    draft = split_compilation([
        "某市政协履职案例",
        "目录",
        "说明  1",
        "某县政协  协商议事“四步法”  2",
        "某区政协  提案办理回头看  3",
        "说明",
        "本册收录县区政协履职案例两篇，按目录顺序排列。",
        "某县政协",
        "协商议事“四步法”",
        "我们把协商议事分为定题、调研、协商、反馈四步，每一步都有委员参与。",
        "某区政协",
        "提案办理回头看",
        "每年年底，我们对当年答复的提案逐件回访，看承诺的事项是否落实。",
    ])
    assert rows(draft) == [("某县政协", "协商议事“四步法”"), ("某区政协", "提案办理回头看")]
    assert draft.warnings == []


# --- TOC entries with their organisation on a dash line under the title -------------------

def test_toc_dash_lines_name_the_entry_above_and_the_first_body_title_wraps():
    draft = split_compilation([
        "某市政协协商工作交流材料",
        "目  录",
        "编者按……………………1",
        "用好“协商清单”……………………2",
        "——政协某县委员会",
        "议事点里议出好办法……………………4",
        "——某区政协",
        "编者按",
        "现将交流会上的发言材料印发，供大家学习借鉴。",
        "用好",
        "“协商清单”",
        "政协某县委员会",
        "协商清单由县委、县政府和县政协共同商定，年初公布，年底通报落实情况。",
        "议事点里议出好办法",
        "某区政协",
        "全区设立议事点三十个，群众关心的停车、加装电梯等事情都在议事点商量。",
    ])
    assert [(e.number, e.organisation, e.title, e.page) for e in draft.toc] == [
        (1, "", "编者按", 1),
        (2, "政协某县委员会", "用好“协商清单”", 2),
        (3, "某区政协", "议事点里议出好办法", 4),
    ]
    assert rows(draft) == [("政协某县委员会", "用好“协商清单”"), ("某区政协", "议事点里议出好办法")]
    assert [m.toc_number for m in draft.materials] == [2, 3]
    assert draft.warnings == []


def test_toc_dash_lines_carrying_the_page_under_a_wrapped_title_and_a_preface_without_page():
    draft = split_compilation([
        "目  录",
        "序言",
        "以界别活动日",
        "激发委员履职活力",
        "——某市政协……………3",
        "民生实事票决的探索",
        "——某区政协……………5",
        "序  言",
        "各地的发言材料汇编于此，希望相互学习、取长补短。",
        "某市政协主席  沈某某",
        "2025年6月",
        "以界别活动日激发委员履职活力",
        "某市政协",
        "每月第二个周四是界别活动日，各界别围绕群众关心的问题开展活动。",
        "民生实事票决的探索",
        "某区政协",
        "民生实事由政府提出候选项目，政协组织协商，再由人代会票决。",
    ])
    assert [(e.organisation, e.title, e.page) for e in draft.toc] == [
        ("", "序言", None),
        ("某市政协", "以界别活动日激发委员履职活力", 3),
        ("某区政协", "民生实事票决的探索", 5),
    ]
    assert rows(draft) == [("某市政协", "以界别活动日激发委员履职活力"), ("某区政协", "民生实事票决的探索")]
    assert draft.warnings == []


# --- PDF: a wrapped volume title, then the first speech title wrapped ----------------------

def test_first_title_wrapped_under_a_wrapped_volume_title_with_a_bracketed_running_header():
    header = "某市政协履职交流材料（内部）"
    draft = split_compilation([
        header,
        "某市政协2025年度委员履职",
        "经验交流材料",
        "委员“双联系”",
        "让联系群众常态化",
        "某县政协",
        "我们推行委员联系群众、联系基层组织的制度，每位委员每年至少联系十户群众。",
        "— 1 —",
        header,
        "小微协商解决身边事",
        "某区政协",
        "副主席  蒋某某",
        "小微协商议题小、见效快，一般事项现场议定、限期办结，今年已开展六十余次。",
        "— 2 —",
        header,
        "读书活动常态化",
        "某旗政协",
        "我们每季度确定一个读书主题，组织委员读书分享，读后形成的调研报告有三篇获批示。",
        "— 3 —",
    ])
    assert draft.title == "某市政协2025年度委员履职经验交流材料"
    assert rows(draft) == [
        ("某县政协", "委员“双联系”让联系群众常态化"),
        ("某区政协", "小微协商解决身边事"),
        ("某旗政协", "读书活动常态化"),
    ]
    assert draft.materials[1].author == "蒋某某"
    assert not any(header in m.body for m in draft.materials)


# --- subheadings inside a speech are no speeches ------------------------------------------

def test_org_first_volume_keeps_numbered_and_unnumbered_subheadings_inside_speeches():
    draft = split_compilation([
        "某市政协提案工作交流材料",
        "序言",
        "为推动提案工作提质增效，提案委员会收集了各区县的做法，编印本材料。",
        "某市政协提案委员会",
        "2025年9月",
        "某区政协",
        "提案办理“面对面”",
        "我们让提案者和承办单位坐到一张桌子上商量办理办法。",
        "一、协商前充分准备",
        "承办单位在协商前走访提案者，拿出初步办理方案。",
        "（二）协商后跟踪落实",
        "提案委员会对协商确定的事项建立台账，年底组织评议。",
        "某县",
        "线索征集进界别",
        "县政协把提案线索征集延伸到界别，每个界别每年至少提出两条线索。",
        "拓宽线索来源",
        "界别委员通过走访群众收集线索，提案委员会定期整理发布。",
        "某旗政协",
        "提案工作上“云端”",
        "委员可以在手机上提交提案、查看办理进度、评价办理结果。",
    ])
    assert rows(draft) == [
        ("某区政协", "提案办理“面对面”"),
        ("某县", "线索征集进界别"),
        ("某旗政协", "提案工作上“云端”"),
    ]
    assert "（二）协商后跟踪落实" in draft.materials[0].body
    assert draft.materials[1].body.split("\n") == [
        "县政协把提案线索征集延伸到界别，每个界别每年至少提出两条线索。",
        "拓宽线索来源",
        "界别委员通过走访群众收集线索，提案委员会定期整理发布。",
    ]


def test_title_first_volume_two_lone_titles_in_one_speech_are_its_sections():
    draft = split_compilation([
        "委员履职交流材料",
        "（内部资料 注意保存）",
        "履职档案管好委员队伍",
        "xx市政协",
        "我们为每位委员建立电子履职档案，年底作为评先评优的依据。",
        "建档的做法",
        "参加会议、提交提案、调研视察的情况实时记录。",
        "用档的做法",
        "档案每季度向委员本人推送一次。",
        "委员读书活动常态化",
        "XX县政协",
        "我们组建了四个线上读书群，每月确定一个读书主题。",
        "让青年委员挑大梁",
        "我们为每位青年委员安排一名导师，指导他们参与调研和协商。",
    ])
    assert rows(draft) == [
        ("xx市政协", "履职档案管好委员队伍"),
        ("XX县政协", "委员读书活动常态化"),
        ("", "让青年委员挑大梁"),
    ]
    assert draft.materials[0].body.split("\n")[1] == "建档的做法"


def test_long_title_lines_at_the_page_width_are_not_glued_like_prose():
    width = 20

    def wrap(text):
        return [text[i:i + width] for i in range(0, len(text), width)]

    draft = split_compilation([
        "某省市县政协委员履职能力建设工作交流材料",  # 20 characters: as wide as the prose
        "坚持党建引领推动委员联系界别群众常态化",
        "制度化规范化",
        "政协某某县委员会",
        *wrap("我们推行委员联系界别群众的制度，每位委员每年至少联系十户群众、一个村或社区，联系情况记入履职档案，"
              "年底作为评先评优的依据。"),
        *wrap("一年来，全县委员走访群众六千多户，收集意见建议八百余条，其中一百三十条转化为提案和社情民意信息。"),
        "以小微协商解决群众身边的“急难愁盼”问题",
        "某区政协",
        "（区政协副主席 孔某）",
        *wrap("小微协商议题小、见效快。我们在街道和村设立小微协商点，群众提出议题，委员牵头组织，相关部门到场回应，"
              "一般事项现场议定、限期办结。"),
    ])
    assert rows(draft) == [
        ("政协某某县委员会", "坚持党建引领推动委员联系界别群众常态化制度化规范化"),
        ("某区政协", "以小微协商解决群众身边的“急难愁盼”问题"),
    ]
    assert draft.title == "某省市县政协委员履职能力建设工作交流材料"
    assert draft.materials[1].author == "孔某"
    assert draft.materials[0].body.split("\n")[0].endswith("年底作为评先评优的依据。")


def test_first_title_after_a_wrapped_volume_title_without_organisations_or_toc():
    draft = split_compilation([
        "某市政协2025年度委员履职",
        "经验交流材料",
        "议事点里",
        "议出好办法",
        "全县设立议事点三十个，群众关心的事情都拿到议事点上商量，议定事项由乡镇组织实施。",
        "委员读书班的做法",
        "读书班每月举办一次，请委员轮流领读，读后写出心得体会，优秀心得在政协刊物上刊发。",
    ])
    assert draft.title == "某市政协2025年度委员履职经验交流材料"
    assert rows(draft) == [("", "议事点里议出好办法"), ("", "委员读书班的做法")]


def test_an_organisation_and_speaker_line_under_a_heading_is_its_speaker():
    draft = split_compilation([
        "交流材料",
        "某县政协",
        "议事点里议出好办法",
        "县政协主席 罗某某",
        "全县设立议事点三十个，群众关心的事情都拿到议事点上商量，议定事项由乡镇组织实施。",
        "民盟某市委员会",
        "委员读书班的做法",
        "读书班每月举办一次，请委员轮流领读，读后写出心得体会。",
    ])
    assert [(m.organisation, m.title, m.author) for m in draft.materials] == [
        ("某县政协", "议事点里议出好办法", "罗某某"),
        ("民盟某市委员会", "委员读书班的做法", ""),
    ]
    assert draft.materials[0].body.startswith("全县设立")


@pytest.mark.parametrize("line, author", [
    ("罗某某（县政协主席）", "罗某某"),
    ("××市政协副主席、民盟××市委主委 王某", "王某"),
    ("——政协委员、律师 邱某某", "邱某某"),
])
def test_speaker_lines_of_other_shapes(line, author):
    draft = split_compilation([
        "交流材料",
        "议事点里议出好办法",
        "某县政协",
        line,
        "全县设立议事点三十个，群众关心的事情都拿到议事点上商量，议定事项由乡镇组织实施。",
        "委员读书班的做法",
        "某区政协",
        "读书班每月举办一次，请委员轮流领读，读后写出心得体会。",
    ])
    assert [(m.organisation, m.title) for m in draft.materials] == [
        ("某县政协", "议事点里议出好办法"), ("某区政协", "委员读书班的做法"),
    ]
    assert draft.materials[0].author == author
    assert draft.materials[0].body.startswith("全县设立")


def test_org_first_title_keeps_its_dash_subtitle_and_a_bare_sector_is_a_group():
    draft = split_compilation([
        "交流材料",
        "某某县",
        "议事点里议出好办法",
        "——在全市基层协商工作会上的发言",
        "全县设立议事点三十个，群众关心的事情都拿到议事点上商量，议定事项由乡镇组织实施。",
        "农业界",
        "柑橘产业的界别协商",
        "召集人 谭某",
        "我们组织委员围绕柑橘产业开展调研，提出的建设冷链仓储中心的建议已列入重点项目。",
    ])
    assert [(m.organisation, m.title, m.author) for m in draft.materials] == [
        ("某某县", "议事点里议出好办法——在全市基层协商工作会上的发言", ""),
        ("农业界", "柑橘产业的界别协商", "谭某"),
    ]
    assert draft.materials[0].body.startswith("全县设立")


def test_a_speaker_line_after_fayanren_gives_only_the_name():
    draft = split_compilation([
        "目录",
        "议事点里议出好办法……2",
        "委员读书班的做法……3",
        "议事点里议出好办法",
        "发言人：某某县政协主席 何某",
        "全县设立议事点三十个，群众关心的事情都拿到议事点上商量。",
        "委员读书班的做法",
        "发言人：孟某（某区政协副主席）",
        "读书班每月举办一次，请委员轮流领读，读后写出心得体会。",
    ])
    assert [(m.title, m.author) for m in draft.materials] == [("议事点里议出好办法", "何某"), ("委员读书班的做法", "孟某")]


def test_toc_of_titles_only_matches_speeches_found_by_their_organisation_lines():
    draft = split_compilation([
        "目录",
        "1.坚持党建引领推动委员联系界别群众常态化制度化……2",
        "2.委员读书班的做法……3",
        "坚持党建引领",
        "推动委员联系界别群众",
        "常态化制度化",
        "政协某某县委员会",
        "全县设立议事点三十个，群众关心的事情都拿到议事点上商量。",
        "委员读书班的做法",
        "某区政协",
        "读书班每月举办一次，请委员轮流领读，读后写出心得体会。",
    ])
    assert [(m.toc_number, m.organisation, m.title) for m in draft.materials] == [
        (1, "政协某某县委员会", "坚持党建引领推动委员联系界别群众常态化制度化"),
        (2, "某区政协", "委员读书班的做法"),
    ]
    assert draft.warnings == []


def test_a_volume_title_repeated_as_the_running_header_is_still_the_title():
    header = "某市政协工作交流材料汇编"
    draft = split_compilation([
        header,
        "议事点里议出好办法",
        "某县政协",
        "全县设立议事点三十个，群众关心的事情都拿到议事点上商量，议定事项由乡镇组织实施。",
        "— 1 —",
        header,
        "委员读书班的做法",
        "某区政协",
        "读书班每月举办一次，请委员轮流领读，读后写出心得体会，优秀心得在政协刊物上刊发。",
        "— 2 —",
        header,
        "协商成果闭环落实",
        "某旗政协",
        "我们建立协商成果报送、交办、督办、反馈的闭环机制，每项成果明确牵头部门和完成时限。",
        "— 3 —",
    ])
    assert draft.title == header
    assert [m.title for m in draft.materials] == ["议事点里议出好办法", "委员读书班的做法", "协商成果闭环落实"]
    assert not any(header in m.body for m in draft.materials)
