"""Demo data of this app (see demo.services): a current-year selection for 资阳 and 金华.

Written through the services, as the committee's demo admin and unit staff
would; idempotent (nothing happens if the year's selection exists). The first
member's idea is filed in the name of the member linked to the demo member
account (programmes' demo links it), so 我的履职 shows a golden idea of theirs.
"""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

DEMO_COMMITTEES = ("ziyang", "jinhua")

# (title, category, unit, applicant, kind, contact, phone, reason, final stage, filed by staff?)
IDEAS = [
    ("推行“委员工作室+社区议事厅”协商模式", "专委会协商", "社会和法制委员会", "社会和法制委员会", "unit",
     "周明华", "13980001101",
     "把协商平台建到社区，委员每月驻点听取居民意见，已推动解决老旧小区加装电梯等难题十余件，做法被市委组织部转发。",
     "commended", True),
    ("建立农产品区域公用品牌联合推广机制", "全会协商", "农业农村委员会", "李秀英委员", "member",
     "李秀英", "13980001102",
     "大会发言提出整合分散的农产品品牌，统一标识和标准；市农业农村局据此制定了品牌培育方案，当年带动销售增长。",
     "commended", True),
    ("设立中小企业应急转贷周转资金", "常委会协商", "经济委员会", "经济委员会", "unit",
     "陈志强", "028-26601103",
     "常委会专题协商提出由财政出资设立转贷周转资金，降低企业过桥成本，建议写入市政府年度工作要点。",
     "approved", False),
    ("推进城乡学校结对共建全覆盖", "提案协商", "提案委员会", "王建国委员", "member",
     "王建国", "13980001104",
     "重点提案建议城区学校与乡村学校一对一结对，共享课程和教研，已在两个区县试点并获分管市领导批示肯定。",
     "approved", True),
    ("优化县域医共体药品统一配送", "调查研究", "研究室", "研究室", "unit",
     "赵海燕", "13980001105",
     "调研报告梳理药品配送环节多、成本高的问题，提出县域统一配送方案，卫健部门已采纳并列入改革任务。",
     "shortlisted", False),
    ("关于规范乡村民宿消防安全管理的建议", "社情民意", "研究室", "政协机关干部刘晓东", "staff",
     "刘晓东", "13980001106",
     "社情民意信息反映乡村民宿消防设施不足，被省政协采用并转有关部门办理，推动开展专项排查整治。",
     "shortlisted", True),
    ("打造川渝文旅融合精品线路", "主席会协商", "文化文史和学习委员会", "文化文史和学习委员会", "unit",
     "孙丽娟", "13980001107",
     "主席会议协商提出串联红色资源和古镇，共建跨区域精品线路，相关部门已联合推出两条线路。",
     "shortlisted", True),
    ("完善退役军人就业创业扶持政策", "提案协商", "提案委员会", "马国庆委员", "member",
     "马国庆", "13980001108",
     "提案建议设立退役军人创业孵化基地并落实税费减免，正在办理中，承办单位已明确采纳意见。",
     "recommended", True),
    ("建设智慧养老服务信息平台", "专委会协商", "社会和法制委员会", "民进市委会", "participant",
     "郭春梅", "13980001109",
     "对口协商提出整合居家养老服务资源，建立统一的呼叫和派单平台，民政部门表示将纳入下一年度计划。",
     "recommended", False),
    ("推动秸秆综合利用与还田补贴衔接", "调查研究", "农业农村委员会", "农业农村委员会", "unit",
     "何永红", "028-26601110",
     "调研发现补贴标准与实际作业成本脱节，建议分类调整补贴并引入第三方作业服务，已报市政府参考。",
     "recommended", True),
    ("加强非物质文化遗产传承人梯队建设", "全会协商", "文化文史和学习委员会", "林淑芳委员", "member",
     "林淑芳", "13980001111",
     "分组讨论提出建立传承人带徒补助和进校园机制，文旅部门已着手制定实施细则。",
     "recommended", False),
    ("关于在商圈增设共享充电设施的建议", "社情民意", "经济委员会", "政协机关干部黄俊杰", "staff",
     "黄俊杰", "13980001112",
     "信息反映商圈充电桩分布不均，但同类建议往年已提出并已办理，创新性不足。",
     "rejected", True),
]

REVIEWS = {  # final stage -> (political, innovative, effective) given by the reviewer
    "commended": (10, 9, 9), "approved": (9, 9, 8), "shortlisted": (9, 8, 7),
    "rejected": (8, 4, 5), "recommended": (9, 7, 6),
}
OPINIONS = {
    "commended": "符合评选标准，成效明显，建议表扬。",
    "approved": "建议被相关部门采纳，具有推广价值。",
    "shortlisted": "选题紧扣中心工作，建议进入初选。",
    "rejected": "与往年已办理建议重复，创新性不足。",
    "recommended": "思路可行，需补充采纳和成效材料。",
}
PATH = {  # the stage actions leading to each final stage
    "recommended": [], "shortlisted": ["shortlisted"], "approved": ["shortlisted", "approved"],
    "commended": ["shortlisted", "approved", "commended"], "rejected": ["rejected"],
}


def _demo_users(organisation):
    """The committee's demo administrator and unit staff: the demo composition root
    (platform/demo) creates every demo account before the app demos run."""
    from accounts.models import User

    slug = organisation.schema_name
    return {suffix: User.objects.get(username=f"{slug}_{suffix}") for suffix in ("admin", "staff")}


def _demo_member_name(organisation) -> str | None:
    """The name of the member record linked to the demo member account, if any."""
    from accounts.models import User
    from tenants.programmes.duty_selectors import member_of_user

    user = User.objects.filter(username=f"{organisation.schema_name}_member").first()
    member = member_of_user(user) if user is not None else None
    return member.name if member is not None else None


#: which demo ideas (by position in IDEAS) each demo committee shares, and with whom
DEMO_SHARED = {0: "province", 1: "platform"}


def demo_fill(organisation) -> None:
    """Called inside each demo committee's schema."""
    from tenants.golden_ideas.models import Category, Selection
    from tenants.golden_ideas.services import (
        default_deadlines, idea_advance, idea_recommend, idea_share, review_submit, selection_open,
    )
    from tenants.structure.models import Unit

    if organisation.schema_name not in DEMO_COMMITTEES:
        return
    today = timezone.localdate()
    if Selection.objects.filter(year=today.year).exists():
        return
    users = _demo_users(organisation)
    admin, staff = users["admin"], users["staff"]
    # The demo must work on any day of the year: late in December the defaults
    # have passed, so the demo office has extended them.
    deadlines = default_deadlines(today.year)
    recommend = max(deadlines["recommend_deadline"], today)
    shortlist = max(deadlines["shortlist_deadline"], recommend)
    approve = max(deadlines["approve_deadline"], shortlist)
    selection = selection_open(
        actor=admin, year=today.year, recommend_deadline=recommend, shortlist_deadline=shortlist,
        approve_deadline=approve, plenary_on=dt.date(today.year + 1, 1, 15) if approve.year == today.year else None,
    )
    categories = {c.name: c for c in Category.objects.all()}
    units = list(Unit.objects.order_by("order"))
    unit_by_name = {u.name: u for u in units}
    own = _demo_member_name(organisation)
    first_member_idea = next(i for i, spec in enumerate(IDEAS) if spec[4] == "member")
    for i, (title, category, unit, applicant, kind, contact, phone, reason, stage, by_staff) in enumerate(IDEAS):
        if own and i == first_member_idea:
            applicant, contact = f"{own}委员", own
        filer, reviewer = (staff, admin) if by_staff else (admin, staff)
        idea = idea_recommend(
            actor=filer, selection=selection, category=categories[category],
            unit=unit_by_name.get(unit, units[i % len(units)]), title=title, applicant=applicant,
            applicant_kind=kind, contact_name=contact, contact_phone=phone, reason=reason,
            unit_head_name=f"{contact[0]}主任", unit_head_confirmed=True,
            filed_on=min(today, recommend) - dt.timedelta(days=len(IDEAS) - i),
        )
        if stage != "recommended" or i % 2 == 0:
            political, innovative, effective = REVIEWS[stage]
            review_submit(actor=reviewer, idea=idea, political=political, innovative=innovative,
                          effective=effective, opinion=OPINIONS[stage])
        for step in PATH[stage]:
            opinion = {
                "shortlisted": "符合政治性、创新性、成效性标准，列入初选方案。",
                "approved": "主席会议审定同意，列入表扬名单。",
                "rejected": "经汇总比对，与已办理建议重复，本年度不予入选。",
            }.get(step, "")
            idea_advance(actor=admin, idea_id=idea.pk, to_stage=step, opinion=opinion)
        # the first ideas are shared, so other committees find them (search, similar ideas)
        if i in DEMO_SHARED:
            idea_share(actor=admin, idea_id=idea.pk, sharing=DEMO_SHARED[i])
