"""Tests for shared.materials.splitting.

Seed 001 is read from <repo>/../shared/seeds/ when present; the other fixtures
are small compilations written for these tests (organisation names are real,
every title and sentence is invented).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.materials.splitting import (
    CompilationDraft,
    MaterialDraft,
    TocEntry,
    organisation_short_name,
    split_compilation,
)

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"


def seed_paragraphs(prefix: str) -> list[str]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed folder {SEEDS} is absent")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} is absent")
    return matches[0].read_text(encoding="utf-8").splitlines()


# --- seed 001 ------------------------------------------------------------------

SEED_001_TOC = [
    (1, "政协成都市委员会", "夯实履职基础提升履职质效", 1),
    (2, "政协泸州市委员会", "守正创新高质量推进提案工作", 3),
    (3, "政协绵阳市委员会", "构建全链条机制推动分基地建设", 5),
    (4, "政协内江市委员会", "搭建协商平台助推高质量发展", 7),
    (5, "政协乐山市委员会", "破解“两个薄弱”务求取得实效", 9),
    (6, "政协巴中市委员会", "聚焦产业深耕“双助”", 11),
    (7, "政协资阳市委员会", "发挥三个优势凝聚人心共识", 13),
    (8, "政协甘孜藏族自治州委员会", "筑同心促和谐维护长治久安", 15),
    (9, "政协自贡市自流井区委员会", "加强服务管理引导委员履职尽责", 17),
    (10, "政协射洪市委员会", "强化党建引领奋力取得新成效", 19),
    (11, "政协南充市顺庆区委员会", "让“有事来协商”有用好用管用", 21),
    (12, "政协武胜县委员会", "创新机制抓落实深入推进“双助”活动", 23),
]


@pytest.fixture(scope="module")
def seed_001() -> CompilationDraft:
    return split_compilation(seed_paragraphs("001"))


def test_seed_001_toc(seed_001):
    assert seed_001.toc == [TocEntry(*row) for row in SEED_001_TOC]
    assert seed_001.title == "全省政协工作经验交流会发言材料汇编"


def test_seed_001_surviving_speeches(seed_001):
    assert [(m.toc_number, m.organisation, m.title) for m in seed_001.materials] == [
        (number, organisation, title) for number, organisation, title, _ in SEED_001_TOC[:6]
    ]


def test_seed_001_bodies_start_and_stop_at_the_right_lines(seed_001):
    for material in seed_001.materials:
        first_line = material.body.split("\n")[0]
        # Bodies hold the text only: no heading, no organisation line.
        assert first_line != material.title
        assert first_line != material.organisation
        assert material.title not in material.body.split("\n")
        assert len(material.body) > 800
    chengdu, luzhou = seed_001.materials[:2]
    assert chengdu.body.startswith("近年来")
    assert "泸州" not in chengdu.body
    assert luzhou.body.startswith("提案工作")
    # Bodies keep the speech's own section headings (一、二、三、).
    sections = [line[:2] for line in chengdu.body.split("\n") if line[1:2] == "、"]
    assert sections == ["一、", "二、", "三、"]


def test_seed_001_missing_speeches_are_warnings(seed_001):
    missing = [w for w in seed_001.warnings if "在正文中未找到" in w]
    assert len(missing) == 6
    for (number, organisation, title, _), warning in zip(SEED_001_TOC[6:], missing):
        assert f"第 {number} 项" in warning
        assert organisation in warning and title in warning
    # The last surviving speech stops mid-sentence.
    assert any("政协巴中市委员会" in w and "不完整" in w for w in seed_001.warnings)


# --- a small compilation of our own -----------------------------------------------

OWN_COMPILATION = [
    "2030年市县政协工作交流材料汇编",
    "目  录",
    # One-line entries, full-width and half-width colons, mixed leaders.
    "1．政协资阳市委员会：让读书活动走进田间地头……………………１",
    "2. 政协甘孜藏族自治州委员会: 用好协商议事室....................3",
    # Organisation and title on two lines, spaces in the leaders.
    "3、政协射洪市委员会",
    "小切口协商解决停车难  . . . . . . . . 5",
    "4.政协武胜县委员会：把委员工作站建到村口……7",
    "（2030年3月1日）",
    # Speech 1: title line, then organisation line.
    "让读书活动走进田间地头",
    "政协资阳市委员会",
    "今年我们把委员读书小组设在村里的文化院坝。",
    "一、选好书目",
    "每个季度由委员推荐两本与种养技术有关的读物。",
    "— 2 —",
    "二、讲好故事",
    "读书会结束后，委员把心得写成短文贴在公告栏。",
    # Speech 2: the body writes the organisation in its short form, and the
    # heading drops the TOC's punctuation-free spacing.
    "用好 协商议事室",
    "政协甘孜州委员会",
    "议事室每月开放两次，群众可以直接提出身边的难题。",
    "去年共收集意见四十三条，其中三十一条已经办结。",
    # Speech 3: organisation and title on one line.
    "政协射洪市委员会：小切口协商解决停车难",
    "老城区停车位紧张，委员们先后走访了十二个小区。",
    "协商会上，城管、交警和物业三方当场认领了任务。",
    # Speech 4 is listed in the TOC but its text is missing.
]


def test_own_compilation():
    draft = split_compilation(OWN_COMPILATION)
    assert draft.title == "2030年市县政协工作交流材料汇编"
    assert draft.toc == [
        TocEntry(1, "政协资阳市委员会", "让读书活动走进田间地头", 1),
        TocEntry(2, "政协甘孜藏族自治州委员会", "用好协商议事室", 3),
        TocEntry(3, "政协射洪市委员会", "小切口协商解决停车难", 5),
        TocEntry(4, "政协武胜县委员会", "把委员工作站建到村口", 7),
    ]
    assert draft.materials == [
        MaterialDraft(
            organisation="政协资阳市委员会",
            title="让读书活动走进田间地头",
            body="\n".join(
                [
                    "今年我们把委员读书小组设在村里的文化院坝。",
                    "一、选好书目",
                    "每个季度由委员推荐两本与种养技术有关的读物。",
                    # the page mark "— 2 —" is dropped
                    "二、讲好故事",
                    "读书会结束后，委员把心得写成短文贴在公告栏。",
                ]
            ),
            toc_number=1,
            date="2030-03-01",  # the volume's date line
        ),
        MaterialDraft(
            organisation="政协甘孜藏族自治州委员会",  # the TOC's full name
            title="用好 协商议事室",
            body="议事室每月开放两次，群众可以直接提出身边的难题。\n"
            "去年共收集意见四十三条，其中三十一条已经办结。",
            toc_number=2,
            date="2030-03-01",
        ),
        MaterialDraft(
            organisation="政协射洪市委员会",
            title="小切口协商解决停车难",
            body="老城区停车位紧张，委员们先后走访了十二个小区。\n"
            "协商会上，城管、交警和物业三方当场认领了任务。",
            toc_number=3,
            date="2030-03-01",
        ),
    ]
    assert draft.warnings == [
        "目录第 4 项 政协武胜县委员会“把委员工作站建到村口”在正文中未找到，未生成材料。"
    ]


def test_organisation_first_layout_and_retitled_speech():
    paragraphs = [
        "目录",
        "1.政协内江市委员会:",
        "甜城协商会的三点体会……………2",
        "2.政协泸州市委员会:",
        "提案办理回头看……………4",
        "政协内江市委员会",
        "甜城协商会的三点体会",
        "协商会每次只议一件事，议深议透。",
        "政协泸州市委员会",
        "提案办理再回头看看",  # not the TOC's title
        "我们请提案者给办理结果打分。",
        "打分结果在常委会上通报。",
    ]
    draft = split_compilation(paragraphs)
    assert [(m.organisation, m.title, m.body, m.toc_number) for m in draft.materials] == [
        ("政协内江市委员会", "甜城协商会的三点体会", "协商会每次只议一件事，议深议透。", 1),
        (
            "政协泸州市委员会",
            "提案办理再回头看看",
            "我们请提案者给办理结果打分。\n打分结果在常委会上通报。",
            2,
        ),
    ]
    assert len(draft.warnings) == 1
    assert "提案办理再回头看看" in draft.warnings[0] and "不一致" in draft.warnings[0]


def test_without_toc_splits_on_organisation_lines():
    paragraphs = [
        "委员联络站建设经验交流",
        "联络站要有人管事",
        "政协绵阳市委员会",
        "每个联络站都明确了一名驻站委员。",
        "经费保障写进年度预算",
        "政协巴中市委员会",
        "联络站的水电和办公用品由乡镇统一保障。",
    ]
    draft = split_compilation(paragraphs)
    assert draft.toc == []
    assert [(m.organisation, m.title, m.toc_number) for m in draft.materials] == [
        ("政协绵阳市委员会", "联络站要有人管事", None),
        ("政协巴中市委员会", "经费保障写进年度预算", None),
    ]
    assert draft.title == "委员联络站建设经验交流"
    assert any("未找到目录" in w for w in draft.warnings)


def test_heading_without_body_is_a_warning_not_a_material():
    paragraphs = [
        "目录",
        "1.政协乐山市委员会：基层联络站全覆盖……1",
        "2.政协内江市委员会：协商平台进村组……3",
        "基层联络站全覆盖",
        "政协乐山市委员会",
        "全市乡镇都建起了联络站。",
        "协商平台进村组",
        "政协内江市委员会",
    ]
    draft = split_compilation(paragraphs)
    assert [m.title for m in draft.materials] == ["基层联络站全覆盖"]
    assert any("只有标题，没有正文" in w for w in draft.warnings)
    assert any("第 2 项" in w for w in draft.warnings)


def test_body_headings_without_organisation_lines():
    # Headings carry the title only, or name the committee as "XX市政协".
    paragraphs = [
        "目录",
        "1.政协绵阳市委员会：研究分基地的三年……1",
        "2.政协成都市委员会：网络议政上云端……2",
        "研究分基地的三年",
        "三年里分基地完成了九个课题。",
        "网络议政上云端",
        "成都市政协",
        "委员在手机上就能参加议政。",
    ]
    draft = split_compilation(paragraphs)
    assert [(m.toc_number, m.organisation, m.title, m.body) for m in draft.materials] == [
        (1, "政协绵阳市委员会", "研究分基地的三年", "三年里分基地完成了九个课题。"),
        (2, "政协成都市委员会", "网络议政上云端", "委员在手机上就能参加议政。"),
    ]
    assert draft.warnings == []


def test_empty_input():
    draft = split_compilation([])
    assert draft.materials == [] and draft.toc == [] and draft.title is None


# --- short names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("full_name", "short"),
    [
        ("政协资阳市委员会", "资阳"),
        ("政协甘孜藏族自治州委员会", "甘孜"),
        ("政协自贡市自流井区委员会", "自流井区"),
        ("政协射洪市委员会", "射洪"),
        ("政协武胜县委员会", "武胜"),
        ("政协南充市顺庆区委员会", "顺庆区"),
        ("政协阿坝藏族羌族自治州委员会", "阿坝"),
        ("政协北川羌族自治县委员会", "北川"),
        ("政协乐山市市中区委员会", "市中区"),
        ("政协泸州市泸县委员会", "泸县"),  # a one-character stem keeps its suffix
        ("政协四川省委员会", "四川"),
        ("中国人民政治协商会议成都市委员会", "成都"),
        ("成都市政协", "成都"),
        ("政协 资阳市 委员会：", "资阳"),
    ],
)
def test_organisation_short_name(full_name, short):
    assert organisation_short_name(full_name) == short
