"""Demo templates: one of every kind kept by the platform, and one kept by 四川省政协."""
from shared.programme_library.models import ProgrammeKind
from shared.programme_library.services import template_ensure

WORK_POINTS = {"sections": [
    {"number": 1, "heading": "加强思想政治引领", "items": [
        {"number": 1, "title": "抓好理论学习", "description": "按季度安排集中学习，主席会议成员带头领学。", "lead_unit": "办公室"},
        {"number": 2, "title": "办好委员讲堂", "description": "邀请专家和委员围绕发展题目开讲。", "lead_unit": "文化文史和学习委员会"},
    ]},
    {"number": 2, "heading": "提高协商议政质量", "items": [
        {"number": 3, "title": "组织专题协商", "description": "围绕年度重点工作开展专题协商。", "lead_unit": "办公室",
         "targets": [{"indicator": "专题协商", "unit": "场", "values": [6]}]},
        {"number": 4, "title": "做好提案办理", "description": "推动重点提案督办和办理复文质量。", "lead_unit": "提案委员会",
         "targets": [{"indicator": "提案办复率", "unit": "%", "values": [100]}]},
    ]},
    {"number": 3, "heading": "加强自身建设", "items": [
        {"number": 5, "title": "加强委员履职管理", "description": "健全履职档案，开展年度评比。", "lead_unit": "联络委员会"},
    ]},
]}

CONSULTATION_PLAN = {"sections": [
    {"number": 1, "heading": "全体会议协商", "items": [
        {"number": 1, "title": "围绕政府工作报告开展协商", "lead_unit": "办公室"}]},
    {"number": 2, "heading": "常委会议协商", "items": [
        {"number": 2, "title": "产业协同发展专题协商", "lead_unit": "经济委员会"},
        {"number": 3, "title": "乡村振兴专题协商", "lead_unit": "农业农村委员会"}]},
    {"number": 3, "heading": "专委会对口协商", "items": [
        {"number": 4, "title": "文化事业发展对口协商", "lead_unit": "文化文史和学习委员会"}]},
]}

GOLDEN_IDEAS = {"sections": [
    {"number": 1, "heading": "评选组织", "items": [
        {"number": 1, "title": "各委室推荐并填报申报表", "lead_unit": "办公室",
         "targets": [{"indicator": "表扬金点子", "unit": "件", "values": [30]}]},
        {"number": 2, "title": "初选与主席会审定", "lead_unit": "办公室"},
        {"number": 3, "title": "全会期间表扬", "lead_unit": "办公室"}]},
]}

BRAND = {"sections": [
    {"number": 1, "heading": "品牌建设", "items": [
        {"number": 1, "title": "提案“实战化”培训", "lead_unit": "提案委员会",
         "milestones": ["打基础、建机制", "求突破、强推进", "抓总结、全面推广"],
         "targets": [{"indicator": "培训委员", "unit": "人次", "values": [50, 100, 150]},
                     {"indicator": "提案工作参与率", "unit": "%", "values": [90, 95, 100]}]},
        {"number": 2, "title": "“有事来协商”扩面提质", "lead_unit": "联络委员会",
         "milestones": ["平台覆盖到乡镇（街道）", "委员参与全覆盖", "运行机制定型"]},
        {"number": 3, "title": "“书香政协”建设", "lead_unit": "文化文史和学习委员会",
         "milestones": ["读书活动常态开展", "学习成果转化", "品牌总结提升"]},
    ]},
]}

CONSENSUS = {"sections": [
    {"number": 1, "heading": "专项行动", "items": [
        {"number": 1, "title": "强化思想理论武装专项行动", "lead_unit": "研究室"},
        {"number": 2, "title": "联系党派团体和人民群众专项行动", "lead_unit": "办公室"},
        {"number": 3, "title": "委员责任担当和能力提升专项行动", "lead_unit": "联络委员会"},
    ]},
]}

GENERIC = {"sections": [
    {"number": 1, "heading": "“双助”活动", "items": [
        {"number": 1, "title": "组织双助活动月", "lead_unit": "农业农村委员会",
         "targets": [{"indicator": "参与委员", "unit": "人次", "values": [200]}]},
        {"number": 2, "title": "建设委员双助工作室", "lead_unit": "农业农村委员会"}]},
]}

PLATFORM_TEMPLATES = [
    (ProgrammeKind.WORK_POINTS, "年度工作要点（通用）", 1, WORK_POINTS, "市县政协年度工作要点的常见结构。"),
    (ProgrammeKind.CONSULTATION_PLAN, "年度协商计划（通用）", 1, CONSULTATION_PLAN, "全会、常委会、专委会三个层次的协商安排。"),
    (ProgrammeKind.GENERIC, "金点子评选工作安排", 1, GOLDEN_IDEAS, "评选组织各环节的牵头单位与数量上限。"),
    (ProgrammeKind.BRAND, "好品牌建设三年行动（通用）", 3, BRAND, "一年夯实基础、两年重点突破、三年总结提升。"),
    (ProgrammeKind.CONSENSUS_ACTIONS, "同心圆专项行动（通用）", 3, CONSENSUS, "凝聚共识的专项行动，每项明确牵头委室。"),
    (ProgrammeKind.GENERIC, "“双助”活动（助力巩固脱贫、助推乡村振兴）", 1, GENERIC, "全省统一部署的双助活动。"),
]


def demo_fill_network(organisations) -> None:
    """Called once before the committees are filled; `organisations` maps slug to Organisation."""
    for kind, title, years, structure, description in PLATFORM_TEMPLATES:
        template_ensure(kind=kind, title=title, years=years, structure=structure, description=description)
    sichuan = organisations.get("sichuan")
    if sichuan is not None:
        template_ensure(
            owner=sichuan, kind=ProgrammeKind.GENERIC, title="“有事来协商”年度推进（四川省）", years=1,
            description="省政协推荐给各市县的年度推进安排。",
            structure={"sections": [{"number": 1, "heading": "平台建设", "items": [
                {"number": 1, "title": "议事平台覆盖乡镇（街道）", "lead_unit": "联络委员会",
                 "targets": [{"indicator": "小微协商活动", "unit": "场", "values": [100]}]},
                {"number": 2, "title": "委员参与台账", "lead_unit": "联络委员会"}]}]},
        )
