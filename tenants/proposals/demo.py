"""Demo data of the proposal work (see demo.services): a year of 资阳's proposals in every state.

Written through the services, as the committee's people would: the demo member drafts and signs,
the administrator (the proposals office) drafts group proposals, reviews and assigns them, the two
demo handling-unit accounts answer. Idempotent: nothing happens once the year exists. The handler
accounts (``<slug>_handler``, ``<slug>_handler2``) are made by demo.services with the other demo
accounts; here they get their handling units.
"""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

DEMO_COMMITTEES = ("ziyang",)

CATEGORIES = ["经济发展", "城乡建设", "社会事业", "文化教育", "生态环境"]
# (name, contact, phone, demo account suffix or "")
HANDLING_UNITS = [
    ("市交通运输局", "刘建平", "028-26650011", "handler"),
    ("市住房和城乡建设局", "陈晓梅", "028-26650022", "handler2"),
    ("市财政局", "王立新", "028-26650033", ""),
    ("市教育局", "张燕", "028-26650044", ""),
    ("市卫生健康委员会", "李强", "028-26650055", ""),
]
# (title, category, origin, group name, situation, analysis, suggestions)
TEXTS = {
    "bus": ("关于优化中心城区公交线网的建议", "城乡建设", "member", "",
            "中心城区公交线路多年未作系统调整，新建小区和产业园区覆盖不足，部分线路重复率高。",
            "线网规划滞后于城市扩张，站点设置缺少居民参与。",
            "一是开展公交线网评估；二是为新建小区开通微循环线路；三是公开征求站点设置意见。"),
    "elder": ("关于加快社区嵌入式养老服务设施建设的提案", "社会事业", "member", "",
              "全市 60 岁以上人口占比超过两成，社区养老服务站点少、功能单一。",
              "用房难落实、运营补贴标准偏低。",
              "一是新建小区按标准配建养老用房；二是提高运营补贴；三是引入专业机构连锁运营。"),
    "school": ("关于推进城乡学校结对共建的建议", "文化教育", "member", "",
               "乡村学校师资薄弱，城区优质课程难以共享。", "缺少常态化的结对机制和经费保障。",
               "推行城乡学校一对一结对，共享教研和课程，设立专项经费。"),
    "river": ("关于沱江流域水生态保护的集体提案", "生态环境", "sector", "农业和农村界",
              "沱江部分支流水质波动，农业面源污染仍然突出。", "上下游协同治理机制不健全。",
              "建立流域横向生态补偿机制，推广测土配方施肥，开展支流整治。"),
    "parking": ("关于缓解老旧小区停车难的提案", "城乡建设", "party", "民盟资阳市委员会",
                "老旧小区停车位缺口大，占道停车影响消防通道。", "挖潜空间分散，缺少统筹。",
                "利用边角地建设立体停车，错时开放机关单位停车场。"),
    "parking2": ("关于错时共享机关停车位的建议", "城乡建设", "committee", "城乡建设和生态环境委员会",
                 "机关单位夜间停车位大量空置。", "缺少共享管理办法。", "制定机关停车位错时共享办法，先行试点。"),
    "tax": ("关于调整个人所得税起征点的建议", "经济发展", "sector", "经济界",
            "建议提高个人所得税起征点。", "", "建议国家层面调整起征点。"),
    "market": ("关于规范农贸市场管理的建议", "经济发展", "sector", "工商联界",
               "部分农贸市场环境脏乱、占道经营。", "", "开展农贸市场提档升级，落实属地管理。"),
    "clinic": ("关于提升基层卫生院服务能力的提案", "社会事业", "committee", "教科卫体委员会",
               "乡镇卫生院设备陈旧、人才流失。", "待遇偏低，培养机制不完善。",
               "实施基层医疗人才专项计划，更新设备，推进县域医共体建设。"),
    "finance": ("关于设立中小企业应急转贷资金的建议", "经济发展", "sector", "经济界",
                "中小企业过桥融资成本高。", "缺少政府性转贷资金。", "由财政出资设立应急转贷周转资金。"),
}


def _actors(organisation):
    from accounts.models import User

    slug = organisation.schema_name
    return {suffix: User.objects.filter(username=f"{slug}_{suffix}").first()
            for suffix in ("admin", "member", "handler", "handler2")}


def _handler_grant(organisation, user, unit) -> None:
    from accounts.models import Role
    from accounts.services import membership_grant

    if user is not None:
        membership_grant(user=user, organisation=organisation, role=Role.HANDLER, unit_id=unit.pk)


def demo_fill(organisation) -> None:
    if organisation.schema_name not in DEMO_COMMITTEES:
        return
    from tenants.proposals.models import Category, HandlingUnit, ProposalSettings, ProposalYear
    from tenants.structure.models import Member, Unit

    today = timezone.localdate()
    if ProposalYear.objects.filter(year=today.year).exists():
        return
    people = _actors(organisation)
    office_unit = Unit.objects.filter(name__startswith="提案").first()
    ProposalSettings.objects.update_or_create(pk=1, defaults={"office_unit": office_unit})
    year = ProposalYear.objects.create(year=today.year, submission_deadline=today + dt.timedelta(days=20))
    categories = {name: Category.objects.get_or_create(name=name, defaults={"order": i})[0]
                  for i, name in enumerate(CATEGORIES)}
    units = {}
    for name, contact, phone, suffix in HANDLING_UNITS:
        units[name] = HandlingUnit.objects.get_or_create(name=name, defaults={"contact": contact, "phone": phone})[0]
        if suffix:
            _handler_grant(organisation, people[suffix], units[name])
    member_user = people["member"]
    lead = Member.objects.filter(user_id=member_user.pk).first() if member_user else None  # programmes' demo links it
    co_members = list(Member.objects.exclude(pk=getattr(lead, "pk", None)).order_by("id")[:3])
    _fill(year, people, categories, units, lead, co_members)


def _fill(year, people, categories, units, lead, co_members) -> None:
    from tenants.proposals.models import Answer
    from tenants.proposals.services import answers, drafting, handling, review

    admin, member, h1, h2 = people["admin"], people["member"], people["handler"], people["handler2"]
    traffic, housing = units["市交通运输局"], units["市住房和城乡建设局"]

    def new(key, actor):
        title, category, origin, group, situation, analysis, suggestions = TEXTS[key]
        return drafting.proposal_draft_create(
            actor=actor, year=year, title=title, category=categories[category], origin=origin, group_name=group,
            situation=situation, analysis=analysis, suggestions=suggestions)

    def submitted(key, actor):
        return drafting.proposal_submit(actor=actor, proposal=new(key, actor))

    def accepted(key, actor):
        return review.proposal_decide(actor=admin, proposal=submitted(key, actor), decision="accept")

    def answer(proposal, handler, unit, text, outcome, deliver=True):
        a = answers.answer_save(actor=handler, proposal=proposal, unit=unit, reply_number=f"资{unit.name[1:3]}函〔{year.year}〕{proposal.number}号",
                                text=text, contact=f"{unit.contact} {unit.phone}", outcome=outcome)
        a = answers.answer_submit(actor=handler, answer=a)
        if a.state == Answer.State.COUNTERSIGNING:
            return a
        if deliver:
            answers.answer_review(actor=admin, answer=a, approve=True)
        return a

    if lead is not None and member is not None:
        # the member's own: a draft with a co-signer still to confirm, and one the whole way to closed
        draft = new("elder", member)
        if co_members:
            drafting.cosigners_invite(actor=member, proposal=draft, members=co_members[:1])
        bus = accepted("bus", member)
        handling.proposal_assign(actor=admin, proposal=bus, lead=traffic, cooperating=[housing])
        a = answers.answer_save(actor=h1, proposal=bus, unit=traffic, reply_number=f"资交函〔{year.year}〕18号",
                                text="我局已完成中心城区公交线网评估，新开通微循环线路 3 条，调整站点 12 处。",
                                contact="刘建平 028-26650011", outcome="A")
        a = answers.answer_submit(actor=h1, answer=a)
        answers.countersign(actor=h2, answer=a, unit=housing, agree=True)
        answers.answer_review(actor=admin, answer=a, approve=True)  # answered: the member is asked to rate
        school = submitted("school", member)  # waiting for the office's review
        del school
    # group proposals, one per remaining state
    review.proposal_decide(actor=admin, proposal=submitted("tax", admin), decision="decline",
                           reason="属于国家税收立法事项，不在本级政协提案办理范围。")
    review.proposal_decide(actor=admin, proposal=submitted("market", admin), decision="forward",
                           reason="转市场监管部门作为意见建议参考。")
    parking = accepted("parking", admin)
    review.proposal_decide(actor=admin, proposal=submitted("parking2", admin), decision="merge", into=parking)
    river = accepted("river", admin)
    review.proposal_key_set(actor=admin, proposal=river, is_key=True,
                            leader=_first_leader())
    handling.proposal_assign(actor=admin, proposal=river, split=[(housing, "城镇污水管网建设"), (traffic, "航道及码头污染防治")])
    answer(river, h2, housing, "已将支流污水管网建设列入年度计划，完成 8 公里管网改造。", "B")
    clinic = accepted("clinic", admin)
    handling.proposal_assign(actor=admin, proposal=clinic, lead=housing)
    done = answer(clinic, h2, housing, "卫生院周转房建设已纳入保障性住房计划。", "C")
    answers.rating_give(actor=admin, answer=done, satisfaction="basic")  # a group proposal: the office rates
    review.proposal_publish(actor=admin, proposal=clinic, public=True)  # on the site and in the network's search
    accepted("finance", admin)  # accepted, waiting to be assigned


def _first_leader():
    from tenants.structure.models import Leader

    return Leader.objects.order_by("id").first()
