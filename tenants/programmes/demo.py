"""Demo programmes of each committee (runs inside its schema, after the library demo).

资阳: the 好品牌 three-year plan (2022–2024) with yearly milestones and
targets, the ten 同心圆 actions with their lead units, and monthly reports;
金华: its 2022 work points (6 parts, 20 items) imported through the same
parser as an upload; every other committee: a small work-points plan for this
year from the library. In every committee with a demo member account
(``<slug>_member``), that account is linked to the committee's first member
record (委员), who gets duty records of this year on the year's plan (the golden
ideas demo files ideas in their name). The texts are our own summaries. Idempotent.
"""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shared.programme_library.models import ProgrammeKind, ProgrammeTemplate
from tenants.programmes.work_points import parse_work_points
from tenants.programmes import services
from tenants.programmes.models import MonthlyReport, Programme

BRAND_TITLE = "“好品牌”建设三年行动（2022—2024）"
CONSENSUS_TITLE = "“同心圆”建设10大专项行动（2022—2024）"
JINHUA_TITLE = "中共政协金华市委员会党组2022年工作要点"

Y = ("2022", "2023", "2024")

BRAND = {"sections": [{"number": 1, "heading": "七个方面的品牌建设", "items": [
    {"number": 1, "title": "“资政”凝心聚共识", "lead_units": ["办公室"], "responsibility_note": "主席会议成员；各委（室）",
     "description": "以专委会为依托联系服务委员，健全各层级联系制度，建设同心圆基地和线上联系渠道。",
     "cooperating_units": ["研究室", "联络委员会"],
     "milestones": ["建立理论学习座谈制度，健全各层级学习体系，建立界别联系人和联系群众台账。",
                    "建立党外委员学习座谈和专题视察机制，建立重大情况通报会制度。",
                    "推进大政协和智慧政协建设，整合网站、公众号和履职平台。"],
     "targets": [{"indicator": "界别联系群众台账覆盖率", "unit": "%", "values": [60, 85, 100]}]},
    {"number": 2, "title": "“实战化”培训优提案", "lead_units": ["提案委"], "responsibility_note": "分管提案委的市政协领导",
     "description": "以选题、调研、撰写、点评的实战方式培训委员，提高提案能力。",
     "milestones": ["打基础、完善机制。", "求突破、强力推进。", "抓总结、全面推广。"],
     "targets": [{"indicator": "实战化培训委员", "unit": "人次", "values": [50, 100, 150]},
                 {"indicator": "参训委员提案工作参与率", "unit": "%", "values": [90, 95, 100]}]},
    {"number": 3, "title": "协商“1+4”助基层治理", "lead_units": ["地联委"], "responsibility_note": "分管地联委的市政协领导",
     "description": "健全市县乡村四级协商平台，开展小微协商，擦亮有事来协商系列品牌。",
     "milestones": ["小微协商平台覆盖全部乡镇（街道），打造市级示范点和县级示范站点。",
                    "市县政协委员参与有事来协商全覆盖，建立委员参与台账。",
                    "固化平台运行机制，持续赋能基层治理。"],
     "targets": [{"indicator": "市级示范点", "unit": "个", "values": [1, 1, 1]},
                 {"indicator": "各县（区）示范站点", "unit": "个", "values": [3, 3, 3]},
                 {"indicator": "委员参与覆盖率", "unit": "%", "values": [None, 100, 100]}]},
    {"number": 4, "title": "“双助”兴农“政能量”", "lead_units": ["农业农村委"], "responsibility_note": "分管农业农村委的市政协领导",
     "description": "组织涉农委员助力巩固脱贫成果，培育试点示范基地，建立双助活动月制度。",
     "milestones": ["举办专家委员与新型农民面对面，开展农技培训和粮食安全调研。",
                    "推行“委员+”系列活动，开展休闲农业和乡村旅游调研。",
                    "打造一批助农示范点，开展双助文化进乡村活动。"],
     "targets": [{"indicator": "助农示范点", "unit": "个", "values": [None, None, 5]}]},
    {"number": 5, "title": "“书香政协”文润资阳", "lead_units": ["文化文史学习委"], "responsibility_note": "分管文化文史学习委的市政协领导",
     "description": "办好崇学讲堂和委员讲堂，开展主题读书和文史编撰，推动书香政协助推书香社会。",
     "milestones": ["分专题确定领学分享主题，推动读书活动走深走实。", "多形式推动学习成果转化。",
                    "全面提升书香政协文化气质。"],
     "targets": [{"indicator": "主题读书和专题学习活动", "unit": "次", "values": [60, 60, 60]}]},
    {"number": 6, "title": "“双评双晒”铸责任担当", "lead_units": ["地联委"], "responsibility_note": "分管地联委的市政协领导",
     "description": "强化月报季晒年评比，落实委员培训五年计划，完善履职管理平台和评选表扬办法。",
     "milestones": ["新任委员和常委专题培训，开展委员活动月，完善双评双晒考核。",
                    "做好届中调整，推进委员之家和工作室标准化建设。",
                    "健全全链条制度，委员之家和工作室示范点基本全覆盖。"],
     "targets": [{"indicator": "综合性委员之家示范点", "unit": "处", "values": [None, None, 1]}]},
    {"number": 7, "title": "强党建引领“抓落实、争上游”", "lead_units": ["办公室"], "responsibility_note": "市政协秘书长、机关党组书记",
     "description": "加强机关党的建设，健全党组听取专委会党建工作等制度，形成党建工作体系。",
     "milestones": ["推动党史学习教育常态化，形成学习成果。", "支部标准化规范化建设，争创五好支部。",
                    "按五个过硬标准打造党建模范机关。"]},
]}]}

ACTIONS = [
    ("迎庆中共二十大和省第十二次党代会、贯彻落实会议精神专项行动", ["办公室"],
     "以宣讲、读书、竞赛和文艺活动营造氛围，落实第一议题制度。"),
    ("强化思想理论武装专项行动", ["研究室"], "推动出台责任分工方案，每年召开宣传思想、理论研讨和智库工作会议。"),
    ("联系党派团体和人民群众专项行动", ["办公室", "地联委", "研究室"],
     "建立与党派团体常态联系和共同性事务交流机制，邀请公民旁听常委会。"),
    ("促进民族团结宗教和谐专项行动", ["民宗外侨委"], "每年围绕民族和宗教议题调研协商，加强与三胞三属联谊。"),
    ("委员责任担当和能力提升专项行动", ["地联委"], "完善委员履职管理系统，建立评选与退出并重机制，每年开展能力培训。"),
    ("协同互动夯实基层基础专项行动", ["办公室"], "上下协同、横向联动，主席会议成员每年带队对口联系和指导县区政协。"),
    ("“书香政协、文润资阳”建设专项行动", ["文化文史学习委"], "全面开展委员读书，坚持崇学讲堂和每周学习，协商计划设文化议题。"),
    ("“有事来协商”工作提质增效专项行动", ["地联委"], "分年度出台方案，在高新区和临空经济区探索政协工作联络站。"),
    ("“助力巩固脱贫 助推乡村振兴”专项行动", ["农业农村委"], "分年度出台方案，四市政协协同开展双助，巩固双助活动月成果。"),
    ("助力文明有爱资阳建设提升对外开放水平专项行动", ["办公室"], "主席会议成员指导督导创建工作，带队外出学习考察和投资促进。"),
]

# 2022 reports of the brand plan: (item number, month, status, progress, actual values by indicator).
ZIYANG_REPORTS = [
    (2, 3, "on_track", "完成第一期实战化培训，委员分组选题。", {"实战化培训委员": 18, "参训委员提案工作参与率": 80}),
    (2, 6, "on_track", "第二期培训结束，组织交流点评。", {"实战化培训委员": 36, "参训委员提案工作参与率": 88}),
    (2, 9, "done", "全年培训任务提前完成。", {"实战化培训委员": 56, "参训委员提案工作参与率": 92}),
    (3, 3, "on_track", "市级示范点选址完成，各县区上报示范站点名单。", {"市级示范点": 0, "各县（区）示范站点": 1}),
    (3, 6, "at_risk", "部分乡镇平台建设进度慢，已督促。", {"市级示范点": 1, "各县（区）示范站点": 2}),
    (3, 9, "on_track", "平台覆盖全部乡镇，示范站点验收。", {"市级示范点": 1, "各县（区）示范站点": 3}),
    (5, 3, "on_track", "开展主题读书活动和线上学习会。", {"主题读书和专题学习活动": 15}),
    (5, 6, "on_track", "继续组织委员读书分享。", {"主题读书和专题学习活动": 34}),
    (4, 6, "late", "面对面座谈会因故推迟。", {}),
]


def _jinhua_lines() -> list[str]:
    """金华's 2022 work points: the real structure (6 parts, 20 items) in our own short words."""
    parts = [
        ("守好红色根脉，提升思想政治引领力", [
            (1, "加强创新理论武装", "建立理论学习座谈制度，组织全市政协系统宣讲和委员读书交流（研究室牵头）。"),
            (2, "加强思想政治引领", "严格落实重大事项请示报告，引导各界人士把拥护转化为行动（办公室牵头）。"),
            (3, "加强政协党的建设", "压实三个责任制，探索专委会党员委员临时党组织（办公室牵头）。"),
        ]),
        ("紧扣“五大战略”，提升服务发展助推力", [
            (4, "聚焦中心任务广泛协商议政", "落实年度协商计划，围绕一体化、营商环境等组织请你来协商（经济委员会牵头）。"),
            (5, "围绕重点课题深入调研视察", "围绕产业升级和文化高地开展常委会调研，组织委员视察（研究室牵头）。"),
            (6, "发挥协商式监督优势助推决策落实", "围绕数字化改革和城市更新开展市县联动民主监督（社会和法制委员会牵头）。"),
        ]),
        ("聚焦共富共享，提升服务民生行动力", [
            (7, "踊跃发声回应群众关切", "畅通委员联系群众渠道，开展民生实事征集协商（社会和法制委员会牵头）。"),
            (8, "协商监督破解民生难题", "围绕低收入农户、学前教育、安全小区等开展调研协商和专项视察（社会和法制委员会牵头）。"),
            (9, "深入群众办好为民实事", "深化送服务下乡，推进民生议事堂乡镇全覆盖（联络委员会牵头）。"),
        ]),
        ("凝聚奋进共识，提升团结民主向心力", [
            (10, "浓厚“和合”氛围", "支持党派团体履职，开展民族宗教专项视察和港澳台侨委员履职周（民族宗教和外事侨务委员会牵头）。"),
            (11, "拓展“聚识”载体", "推动委员会客厅提质扩面，打造融媒体宣传矩阵（文化文史和学习委员会牵头）。"),
            (12, "做好“外引”文章", "开展政协走亲，引导乡贤回乡创业，助力引才（经济委员会牵头）。"),
        ]),
        ("着眼提质增效，提升守正创新变革力", [
            (13, "迭代深化“数字政协”建设", "建设掌上履职、议政、办公三大平台和协商在线应用（办公室牵头）。"),
            (14, "深化拓展“同心汇”平台体系", "推动同心汇与请你来协商融合，三位一体建设（联络委员会牵头）。"),
            (15, "不断完善协商管理闭环化模式", "建立年度履职清单和成果转化清单，跟踪销号（研究室牵头）。"),
        ]),
        ("抓实自身建设，提升争先创优驱动力", [
            (16, "推动全市政协争先创优展风采", "在全市政协系统开展务实有为、争先创优活动（办公室牵头）。"),
            (17, "推动委员知责思进争优秀", "委员培训全覆盖，建立履职档案与量化考评，评选优秀委员（联络委员会牵头）。"),
            (18, "推动专委会工作竿头日进出精品", "建立五化机制，主席会议每季度听取专委会汇报（办公室牵头）。"),
            (19, "推动县（市、区）政协协同共进创一流", "市县协同调研和联动协商，建立季度交流机制（联络委员会牵头）。"),
            (20, "推动市政协机关实干奋进走前列", "推进五型机关建设，落实全面从严治党（办公室牵头）。"),
        ]),
    ]
    numerals = "一二三四五六"
    lines = ["中共政协金华市委员会党组", "2022年工作要点", "全年工作围绕中心、服务大局，分六个方面推进。"]
    for index, (heading, items) in enumerate(parts):
        lines.append(f"{numerals[index]}、{heading}")
        for number, title, body in items:
            lines.append(f"{number}.{title}。{body}")
    return lines


def _template(kind: str, title: str) -> ProgrammeTemplate | None:
    return ProgrammeTemplate.objects.filter(owner__isnull=True, kind=kind, title=title).first()


def _reports_for(programme: Programme, specs, year: int) -> None:
    items = {item.number: item for item in programme.items.prefetch_related("targets")}
    for number, month, status, progress, actuals in specs:
        item = items.get(number)
        if item is None:
            continue
        targets = {t.indicator: t.pk for t in item.targets.all() if t.year == year}
        report = services.report_file(
            item=item, month=dt.date(year, month, 1), progress=progress, status=status,
            values={targets[name]: value for name, value in actuals.items() if name in targets},
        )
        if month < 9:
            services.report_accept(report=report, comment="")


def _ziyang() -> None:
    if not Programme.objects.filter(title=BRAND_TITLE).exists():
        brand = services.programme_from_structure(
            kind=ProgrammeKind.BRAND, title=BRAND_TITLE, start_year=2022, end_year=2024, structure=BRAND,
            description="一年夯实基础、两年重点突破、三年总结提升，七个方面打造履职品牌。",
        )
        _reports_for(brand, ZIYANG_REPORTS, 2022)
        from tenants.structure.models import Member

        member = Member.objects.order_by("id").first()
        item = brand.items.get(number=2)
        if member is not None:
            services.duty_record_add(member=member, date=dt.date(2022, 6, 20), text="参加提案实战化培训并提交调研提案", item=item)
    if not Programme.objects.filter(title=CONSENSUS_TITLE).exists():
        structure = {"sections": [{"number": n, "heading": title, "items": [
            {"number": n, "title": title, "lead_units": leads, "description": text}]}
            for n, (title, leads, text) in enumerate(ACTIONS, start=1)]}
        services.programme_from_structure(
            kind=ProgrammeKind.CONSENSUS_ACTIONS, title=CONSENSUS_TITLE, start_year=2022, end_year=2024,
            structure=structure, description="十项专项行动，各由牵头委室负责，其他委室配合。",
        )


def _jinhua() -> None:
    if Programme.objects.filter(title=JINHUA_TITLE).exists():
        return
    draft = parse_work_points(_jinhua_lines())
    services.work_points_import(draft=draft, year=2022, title=JINHUA_TITLE)


def _this_year_plan() -> None:
    year = timezone.localdate().year
    if Programme.objects.filter(kind=ProgrammeKind.WORK_POINTS, start_year=year).exists():
        return
    template = _template(ProgrammeKind.WORK_POINTS, "年度工作要点（通用）")
    if template is None:
        return
    programme = services.programme_from_template(template_id=template.pk, start_year=year, title=f"{year}年工作要点")
    today = timezone.localdate()
    first = programme.items.order_by("order").first()
    if first is not None and today.month > 1:
        services.report_file(item=first, month=dt.date(year, 1, 1), progress="完成年度学习安排并开展第一次集中学习。",
                             status=MonthlyReport.Status.ON_TRACK)
    # Last month's reports are due on the 5th of this month: unreported ones show as overdue.
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    services.report_deadlines_register(month=last_month)
    services.report_deadlines_register(month=today.replace(day=1))


#: (days before today, what the demo member did, the number of the year's plan item or None)
MEMBER_DUTIES = [
    (75, "参加年度工作要点专题学习并作交流发言", 1),
    (48, "围绕重点工作开展界别走访，收集群众意见建议", 2),
    (20, "参加专题协商会并提交书面发言", None),
]


def _demo_member(organisation) -> None:
    """Link the demo member account to the first member record and give them this year's duties."""
    from accounts.models import User
    from tenants.programmes.duty_selectors import member_of_user
    from tenants.structure.models import Member
    from tenants.structure.services import member_account_link

    user = User.objects.filter(username=f"{organisation.schema_name}_member").first()
    if user is None:
        return
    member = member_of_user(user)
    if member is None:
        member = Member.objects.filter(user_id__isnull=True).order_by("id").first()
        if member is None:
            return
        member_account_link(member_id=member.pk, user_id=user.pk)
    today = timezone.localdate()
    if member.duty_records.filter(date__year=today.year).exists():
        return
    programme = Programme.objects.filter(kind=ProgrammeKind.WORK_POINTS, start_year=today.year).order_by("id").first()
    items = list(programme.items.order_by("order")) if programme is not None else []
    for days, text, position in MEMBER_DUTIES:
        day = max(today - dt.timedelta(days=days), today.replace(month=1, day=1))
        item = items[position - 1] if position is not None and len(items) >= position else None
        services.duty_record_add(member=member, date=day, text=text, item=item)


def demo_fill(organisation) -> None:
    """Called inside each demo committee's schema."""
    if organisation.slug == "ziyang":
        _ziyang()
    elif organisation.slug == "jinhua":
        _jinhua()
    _this_year_plan()
    _demo_member(organisation)


def duty_demo_fill(organisation) -> None:
    """The duty records of the proposals, reports and golden ideas the demo made (履职积分). The demo
    writes through the services, which record them as they go; this backfill gives a demo built
    before the duty points came the same records (idempotent: nothing changes the second time)."""
    from tenants.golden_ideas.duty import ideas_duty_backfill
    from tenants.opinions.services.duty import reports_duty_backfill
    from tenants.proposals.services.duty import proposals_duty_backfill

    proposals_duty_backfill()
    reports_duty_backfill()
    ideas_duty_backfill()
