"""Compilations of every shape the splitter meets (shared.materials.splitting).

Each fixture is a small volume written for these tests (every title, name and
sentence is invented); each test states what a person reviewing the split
would check: how many speeches, their titles, organisations, authors, and
where each body starts and ends.
"""

from __future__ import annotations

from shared.materials.splitting import split_compilation
from shared.materials.splitting.cleanup import PAGE_MARK


def rows(draft):
    return [(m.organisation, m.title) for m in draft.materials]


def first_lines(draft):
    return [m.body.split("\n")[0] for m in draft.materials]


# --- no TOC, title first, titles wrapped over two lines, organisations masked ----------

NO_TOC_MASKED = [
    "委员履职能力建设座谈会交流材料",
    "（2022年6月15日）",
    "小组活动月月有",
    "委员学习不断线",
    "xx市政协",
    "去年以来，我们把全体委员编入十四个学习小组，每月至少开展一次活动。",
    "小组长由常委担任，活动记录每季度在主席会议上通报一次。",
    "让委员工作室",
    "成为群众的议事厅",
    "XX县政协",
    "委员工作室设在乡镇便民服务中心，每周三固定接待群众。",
    "今年上半年，工作室共收到群众反映的问题六十七件。",
    "用好履职档案",
    "××区政协",
    "履职档案记录每位委员参加会议、调研和提交提案的情况。",
    "档案结果作为委员评先评优和换届推荐的重要依据。",
]


def test_no_toc_title_first_wrapped_titles_masked_organisations():
    draft = split_compilation(NO_TOC_MASKED)
    assert rows(draft) == [
        ("xx市政协", "小组活动月月有委员学习不断线"),
        ("XX县政协", "让委员工作室成为群众的议事厅"),
        ("××区政协", "用好履职档案"),
    ]
    assert first_lines(draft) == [
        "去年以来，我们把全体委员编入十四个学习小组，每月至少开展一次活动。",
        "委员工作室设在乡镇便民服务中心，每周三固定接待群众。",
        "履职档案记录每位委员参加会议、调研和提交提案的情况。",
    ]
    assert draft.materials[0].body.endswith("通报一次。")
    assert draft.title == "委员履职能力建设座谈会交流材料"
    assert [m.date for m in draft.materials] == ["2022-06-15"] * 3
    assert any("未找到目录" in w for w in draft.warnings)


# --- no TOC, no organisation at all: titles alone, page numbers, running header ---------

NO_ORGANISATIONS = [
    "基层协商工作经验选编",
    "院坝协商会开到群众家门口",
    "村里的事情由村民商量着办，这是我们开展院坝协商的出发点。",
    "每次协商会前，委员和村干部先入户收集意见，确定一个议题。",
    "— 1 —",
    "基层协商工作经验选编",
    "协商会后，议定事项在村务公开栏公示，接受群众监督。",
    "一、议题从群众中来",
    "议题由群众提出，由村民代表投票确定先后顺序。",
    "— 2 —",
    "基层协商工作经验选编",
    "界别小组进社区",
    "我们按界别组建了六个委员小组，分片联系城区的十八个社区。",
    "小组每月到社区开展一次界别协商，邀请居民代表参加。",
    "— 3 —",
    "基层协商工作经验选编",
    "把协商成果转化为民生实事",
    "协商成果转化是基层协商的关键环节。",
    "今年我们推动落实了老旧小区加装电梯等九件民生实事。",
    "— 4 —",
]


def test_no_organisations_titles_alone_with_page_marks_and_running_header():
    draft = split_compilation(NO_ORGANISATIONS)
    assert [m.title for m in draft.materials] == [
        "院坝协商会开到群众家门口",
        "界别小组进社区",
        "把协商成果转化为民生实事",
    ]
    assert all(m.organisation == "" for m in draft.materials)
    first = draft.materials[0].body
    # Page numbers and the running header are gone; the numbered section stays in its speech.
    assert "— 1 —" not in first and "经验选编" not in first
    assert "一、议题从群众中来" in first.split("\n")
    assert draft.materials[2].body.endswith("九件民生实事。")


# --- organisation first, abbreviated organisations, author lines -----------------------

ABBREVIATED_WITH_AUTHORS = [
    "2023年度政协工作交流会材料汇编",
    "市政协办公室",
    "全会服务保障的几点做法",
    "发言人：林某某",
    "全会筹备期间，办公室按照会务、文稿、后勤三条线分工推进。",
    "每条线每天召开一次碰头会，问题当天提出、当天解决。",
    "县政协",
    "提案办理协商走进现场",
    "执笔人：周某",
    "今年我们把五件重点提案的办理协商会开到了项目现场。",
    "承办单位现场答复，提案者现场评价，效果明显好于会议室里的协商。",
]


def test_organisation_first_abbreviated_names_and_author_lines():
    draft = split_compilation(ABBREVIATED_WITH_AUTHORS)
    assert rows(draft) == [("市政协办公室", "全会服务保障的几点做法"), ("县政协", "提案办理协商走进现场")]
    assert [m.author for m in draft.materials] == ["林某某", "周某"]
    assert first_lines(draft) == [
        "全会筹备期间，办公室按照会务、文稿、后勤三条线分工推进。",
        "今年我们把五件重点提案的办理协商会开到了项目现场。",
    ]
    assert draft.title == "2023年度政协工作交流会材料汇编"


def test_a_name_after_the_organisation_is_the_author():
    paragraphs = [
        "深化委员联系群众的探索",
        "××区政协  张某某",
        "区政协在全区十二个街道都建立了委员联系点。",
        "搭建界别协商新平台",
        "政协某某县委员会 主席 王某",
        "县政协今年新设了三个界别协商平台。",
    ]
    draft = split_compilation(paragraphs)
    assert rows(draft) == [("××区政协", "深化委员联系群众的探索"), ("政协某某县委员会", "搭建界别协商新平台")]
    assert [m.author for m in draft.materials] == ["张某某", "王某"]


# --- PDF extraction: hard wraps at the page width, page numbers of every kind ----------

PDF_WRAPPED = [
    "全市政协系统工作交流材料",
    "政协资阳市雁江区委员会",
    "以“三项清单”推动民主监督落地",
    "雁江区政协聚焦群众关心的教育、医疗和养老问题，把民主监督分解为问",
    "题清单、责任清单和整改清单，每季度通报一次整改进展情况，得到了区",
    "委的充分肯定。",
    "一、问题清单从调研中来",
    "委员们利用两个月时间走访了全区四十多所中小学和二十个村卫生室，梳",
    "-2-",
    "全市政协系统工作交流材料  第2页",
    "理出群众反映强烈的问题二十三个，逐一列入问题清单，并明确了牵头的",
    "专委会和联系委员。",
    "二、整改清单向社会公开",
    "整改清单在区政协网站和微信公众号上公开，接受群众的监督和评议，对",
    "第3页",
    "全市政协系统工作交流材料  第3页",
    "整改不到位的事项，由主席会议成员带队开展回头看。",
    "政协资阳市安岳县委员会",
    "柠檬产业协商的一年",
    "安岳县政协围绕柠檬产业发展，组织委员开展专题调研，形成了三份调研",
    "报告，提出的二十条建议中有十五条被县委县政府采纳，有效推动了产业",
    "3/20",
    "全市政协系统工作交流材料  第4页",
    "链条的延伸。",
]


def test_pdf_hard_wraps_are_joined_across_page_breaks_and_paragraphs_kept():
    draft = split_compilation(PDF_WRAPPED)
    assert rows(draft) == [
        ("政协资阳市雁江区委员会", "以“三项清单”推动民主监督落地"),
        ("政协资阳市安岳县委员会", "柠檬产业协商的一年"),
    ]
    yanjiang, anyue = (m.body.split("\n") for m in draft.materials)
    assert yanjiang == [
        "雁江区政协聚焦群众关心的教育、医疗和养老问题，把民主监督分解为问题清单、责任清单和整改清单，"
        "每季度通报一次整改进展情况，得到了区委的充分肯定。",
        "一、问题清单从调研中来",
        "委员们利用两个月时间走访了全区四十多所中小学和二十个村卫生室，梳理出群众反映强烈的问题二十三个，"
        "逐一列入问题清单，并明确了牵头的专委会和联系委员。",
        "二、整改清单向社会公开",
        "整改清单在区政协网站和微信公众号上公开，接受群众的监督和评议，对整改不到位的事项，"
        "由主席会议成员带队开展回头看。",
    ]
    assert anyue == [
        "安岳县政协围绕柠檬产业发展，组织委员开展专题调研，形成了三份调研报告，提出的二十条建议中有十五条"
        "被县委县政府采纳，有效推动了产业链条的延伸。"
    ]


def test_page_marks_of_every_kind():
    for mark in ("— 3 —", "-3-", "- 3 -", "3", "第3页", "第 3 页 共 20 页", "3/20", "·3·"):
        assert PAGE_MARK.match(mark), mark
    for line in ("3月20日", "第三章", "一、3项清单", "2021年9月28日"):
        assert not PAGE_MARK.match(line), line


# --- a TOC, titles wrapped over three lines in the body, no organisation lines ---------

TOC_THREE_LINE_TITLES = [
    "目录",
    "1.xx市政协：坚持把政治建设摆在首位推动机关党建和履职工作深度融合……1",
    "2.xx县政协：小微权力监督……4",
    "坚持把政治建设摆在首位",
    "推动机关党建和履职工作",
    "深度融合",
    "市政协机关党组坚持把党的政治建设作为根本性建设，定期研究机关党建工作。",
    "小微权力的监督",
    "县政协组织委员对村级小微权力清单的落实情况开展了民主监督。",
]


def test_toc_with_titles_over_three_lines_and_a_reworded_title():
    draft = split_compilation(TOC_THREE_LINE_TITLES)
    assert [(m.toc_number, m.organisation, m.title) for m in draft.materials] == [
        (1, "xx市政协", "坚持把政治建设摆在首位推动机关党建和履职工作深度融合"),
        (2, "xx县政协", "小微权力的监督"),
    ]
    assert draft.materials[0].body.startswith("市政协机关党组")
    assert any("不一致" in w and "小微权力的监督" in w for w in draft.warnings)


# --- nothing found: the draft says why ---------------------------------------------------


def test_a_volume_with_no_headings_says_why():
    paragraphs = [
        "今年以来，我们围绕中心工作开展了多次协商，形成了一批务实管用的成果，得到了党委政府的肯定。",
        "下一步，我们将继续完善协商机制，提高协商质量，推动协商成果更好地转化为工作实效。",
    ]
    draft = split_compilation(paragraphs)
    assert draft.materials == []
    assert draft.warnings[-1] == "没有找到发言标题：未发现目录，也未发现单独成行的标题。可以手动添加条目。"


def test_a_toc_whose_titles_are_not_in_the_body_says_why():
    paragraphs = [
        "目录",
        "1.政协内江市委员会：协商平台建设……1",
        "2.政协巴中市委员会：双助活动……3",
        "今年以来，我们围绕中心工作开展了多次协商，形成了一批务实管用的成果，得到了党委政府的肯定。",
    ]
    draft = split_compilation(paragraphs)
    assert draft.materials == []
    assert "目录列出 2 篇，但正文中没有找到对应的标题" in draft.warnings[-1]


# --- numbered body titles, bracketed and dashed organisation lines ---------------------


def test_numbered_titles_and_bracketed_or_dashed_organisation_lines():
    paragraphs = [
        "目录",
        "1.政协成都市委员会：社区议事会的三年……1",
        "2.政协泸州市委员会：提案办理的回音壁……3",
        "1.社区议事会的三年",
        "（成都市政协供稿）",
        "三年来，社区议事会共议定民生事项一百二十件。",
        "2.提案办理的回音壁",
        "——泸州市政协  张某某",
        "回音壁把每件提案的办理进展公开给提案者。",
    ]
    draft = split_compilation(paragraphs)
    assert [(m.toc_number, m.organisation, m.title, m.author) for m in draft.materials] == [
        (1, "政协成都市委员会", "社区议事会的三年", ""),
        (2, "政协泸州市委员会", "提案办理的回音壁", "张某某"),
    ]
    assert first_lines(draft) == ["三年来，社区议事会共议定民生事项一百二十件。", "回音壁把每件提案的办理进展公开给提案者。"]
    assert draft.warnings == []


def test_toc_entries_naming_the_organisation_after_the_title():
    paragraphs = [
        "目  录",
        "一、把协商议事室建到小区（××区政协）……………1",
        "二、民主监督的三张清单——政协某某县委员会……………4",
        "把协商议事室建到小区",
        "议事室设在小区物业用房里，每月议一件居民最关心的事。",
        "民主监督的三张清单",
        "政协某某县委员会",
        "问题清单、责任清单、整改清单一并向社会公开。",
    ]
    draft = split_compilation(paragraphs)
    assert [(e.organisation, e.title, e.page) for e in draft.toc] == [
        ("××区政协", "把协商议事室建到小区", 1), ("政协某某县委员会", "民主监督的三张清单", 4),
    ]
    assert rows(draft) == [("××区政协", "把协商议事室建到小区"), ("政协某某县委员会", "民主监督的三张清单")]


def test_a_markdown_volume_reads_as_its_text():
    paragraphs = [
        "# 政协工作交流材料",
        "---",
        "## 让协商在网上延伸",
        "**xx市政协**",
        "网络议政平台开通一年来，委员在线提出意见建议三百余条。",
        "### 一、平台怎么建",
        "平台由办公室统一维护，各专委会分别设立议题。",
        "---",
        "## 委员履职的“成绩单”",
        "**XX县政协**",
        "每位委员的履职情况每年以“成绩单”的形式向界别群众公开。",
    ]
    draft = split_compilation(paragraphs)
    assert rows(draft) == [("xx市政协", "让协商在网上延伸"), ("XX县政协", "委员履职的“成绩单”")]
    assert draft.materials[0].body.split("\n") == [
        "网络议政平台开通一年来，委员在线提出意见建议三百余条。", "一、平台怎么建", "平台由办公室统一维护，各专委会分别设立议题。",
    ]
    assert draft.title == "政协工作交流材料"


def test_no_toc_some_organisations_masked_others_absent():
    paragraphs = [
        "政协工作交流材料",
        "小组活动月月有",
        "委员学习不断线",
        "xx市政协",
        "去年以来，我们把全体委员编入十四个学习小组，每月至少开展一次活动。",
        "小组长由常委担任，活动记录每季度在主席会议上通报一次。",
        "让委员工作室成为群众的议事厅",
        "委员工作室设在乡镇便民服务中心，每周三固定接待群众。",
        "今年上半年，工作室共收到群众反映的问题六十七件。",
        "用好履职档案",
        "××区政协",
        "履职档案记录每位委员参加会议、调研和提交提案的情况。",
        "档案结果作为委员评先评优和换届推荐的重要依据。",
    ]
    draft = split_compilation(paragraphs)
    assert rows(draft) == [
        ("xx市政协", "小组活动月月有委员学习不断线"),
        ("", "让委员工作室成为群众的议事厅"),
        ("××区政协", "用好履职档案"),
    ]
    assert first_lines(draft)[1] == "委员工作室设在乡镇便民服务中心，每周三固定接待群众。"


def test_a_line_every_speech_repeats_is_kept_but_a_running_footer_is_not():
    paragraphs = ["交流材料"]
    for number, (title, organisation) in enumerate(
        [("议事会开到田坎上", "xx县政协"), ("界别活动进社区", "xx区政协"), ("提案办理看实效", "xx市政协"),
         ("委员之家建起来", "xx州政协")], start=1):
        paragraphs += [title, organisation, "各位领导、同志们：", f"这是第{number}篇发言的正文，讲了我们的一些做法。",
                       "县政协办公室编印", f"— {number} —", "谢谢大家！"]
    draft = split_compilation(paragraphs)
    assert len(draft.materials) == 4
    for material in draft.materials:
        lines = material.body.split("\n")
        assert lines[0] == "各位领导、同志们：" and lines[-1] == "谢谢大家！"
        assert "县政协办公室编印" not in lines


def test_toc_titles_wrapped_before_their_page_and_spaced_out_headings():
    paragraphs = [
        "交 流 材 料 汇 编",
        "目  录",
        "坚持把政治建设摆在首位推动",
        "机关党建和履职工作深度融合…………1",
        "小微权力的监督…………4",
        "坚 持 把 政 治 建 设 摆 在 首 位",
        "推动机关党建和履职工作深度融合",
        "市政协机关党组坚持把党的政治建设作为根本性建设，定期研究机关党建工作。",
        "小微权力的监督",
        "县政协组织委员对村级小微权力清单的落实情况开展了民主监督。",
    ]
    draft = split_compilation(paragraphs)
    assert [e.title for e in draft.toc] == ["坚持把政治建设摆在首位推动机关党建和履职工作深度融合", "小微权力的监督"]
    assert [m.title for m in draft.materials] == ["坚持把政治建设摆在首位推动机关党建和履职工作深度融合", "小微权力的监督"]
    assert draft.title == "交流材料汇编"


def test_organisation_and_title_on_one_line_across_a_gap():
    paragraphs = [
        "政协成都市委员会  网络议政让委员随时随地履职",
        "网络议政平台开通一年来，委员在线提出意见建议三百余条。",
        "xx县政协　　王某某",
        "协商议事会的三点体会",
        "协商议事会每次只议一件事，议深议透。",
    ]
    draft = split_compilation(paragraphs)
    assert [(m.organisation, m.title, m.author) for m in draft.materials] == [
        ("政协成都市委员会", "网络议政让委员随时随地履职", ""),
        ("xx县政协", "协商议事会的三点体会", "王某某"),
    ]
