"""Demo data of the social-conditions reports (see demo.services): 资阳's reports in every state.

Written through the services, as the committee's people would: the demo member and the 办公室's staff
submit, the administrator (with 研究室's staff, the office) edits, decides, forwards and records what
came back. The province's adoption is the province's own: shared.opinion_exchange.demo records it.
Idempotent: nothing happens once the committee has a report.
"""
from __future__ import annotations

from django.utils import timezone

DEMO_COMMITTEES = ("ziyang",)

# key: (title, situation, views, suggestions)
TEXTS = {
    "bus": ("关于打通农村客运“最后一公里”的建议",
            "部分乡镇的村级客运班线停运后，偏远村组群众赶场、就医只能搭乘摩托或步行，雨天尤其不便。",
            "群众希望恢复固定班次，哪怕每天两班也行；老人希望能电话预约。",
            "一是推行镇村公交“预约响应”模式；二是对冷线给予运营补贴；三是把客运站点纳入村级便民服务点。"),
    "care": ("关于规范校外托管机构的建议",
             "城区学校周边的“小饭桌”托管点数量多，场地狭小，消防和食品安全隐患突出。",
             "家长反映找不到放心的托管点，也不清楚哪家有资质。",
             "明确托管机构的主管部门和备案标准，公布合规名单，开展联合检查。"),
    "lemon": ("柠檬种植户反映冷链仓储不足",
              "安岳柠檬采收集中，产地冷库容量不足，部分果农只能低价快销，损耗较大。",
              "种植大户希望就近有冷库；散户希望合作社统一收储。",
              "一是在主产镇布局产地冷链仓储设施；二是支持合作社共建共用；三是对冷链用电执行农业电价。"),
    "noise": ("群众反映城区夜间施工噪音扰民",
              "近期多个在建项目夜间连续施工，周边小区居民投诉集中。",
              "居民希望公开夜间施工审批信息，投诉后能及时处理。",
              "严格夜间施工审批并公示，设立 24 小时投诉受理渠道，对违规施工依法处罚。"),
    "charger": ("关于增设社区智能充电桩的建议",
                "老旧小区电动车“飞线充电”现象普遍，存在火灾隐患。", "",
                "在小区出入口附近集中建设智能充电桩。"),
    "insurance": ("基层群众反映医保异地结算手续繁琐",
                  "外出务工人员返乡就医、随迁老人异地就医时，备案材料多、线上办理不熟悉。",
                  "群众希望“一次不跑”，在村卫生室也能问清楚怎么办。",
                  "简化异地就医备案材料，推广线上备案，在乡镇卫生院设立帮办窗口。"),
    "payment": ("中小微企业反映账款拖欠问题",
                "部分中小微企业反映工程款、货款回收周期长，资金周转困难。",
                "企业希望有畅通的投诉渠道，不担心影响后续合作。",
                "开展清欠专项行动，建立拖欠账款投诉平台，将按时付款纳入营商环境评价。"),
}


def _users(slug: str) -> dict:
    from accounts.models import User

    return {suffix: User.objects.filter(username=f"{slug}_{suffix}").first() for suffix in ("admin", "staff", "member")}


def demo_fill(organisation) -> None:
    if organisation.schema_name not in DEMO_COMMITTEES:
        return
    from tenants.opinions.models import OpinionReport, OpinionSettings
    from tenants.structure.models import Member, Sector, Unit

    if OpinionReport.objects.exists():
        return
    users = _users(organisation.schema_name)
    admin, staff, member_user = users["admin"], users["staff"], users["member"]
    if admin is None:
        return
    OpinionSettings.objects.update_or_create(pk=1, defaults={"office_unit": Unit.objects.filter(name="研究室").first()})
    own = Member.objects.filter(user_id=member_user.pk).first() if member_user else None
    other = Member.objects.exclude(pk=getattr(own, "pk", None)).order_by("id").first()
    sectors = {s.name: s for s in Sector.objects.filter(name__in=["农业界", "医药卫生界"])}
    units = {u.name: u for u in Unit.objects.filter(name__in=["办公室", "经济委员会"])}
    _fill(admin, staff, member_user if own else None, other, sectors, units)


def _fill(admin, staff, member_user, other, sectors, units) -> None:
    from tenants.opinions.services import office, outcomes, submission

    today = timezone.localdate()

    def new(key, actor, origin, **author):
        title, situation, views, suggestions = TEXTS[key]
        return submission.report_submit(actor=actor, origin=origin, title=title, situation=situation, views=views,
                                        suggestions=suggestions, **author)

    if member_user is not None:
        bus = new("bus", member_user, "member")
        bus = office.report_edit(actor=admin, report=bus, title="农村客运班线停运后群众出行难，建议推行预约响应公交",
                                 note="标题点明问题")
        bus = office.report_decide(actor=admin, report=bus, use=True)
        bus = office.report_forward(actor=admin, report=bus, to_province=True, to_national=True)
        outcomes.national_adoption_record(actor=admin, report=bus, adopted_on=today, issue="全国政协信息专报")
        outcomes.instruction_record(actor=admin, report=bus, leader="副省长 陈某某", level="province",
                                    instructed_on=today, text="请省交通运输厅会同财政厅研究农村客运冷线补贴办法。")
        new("care", member_user, "member")  # waiting for the office
    if "农业界" in sectors:
        lemon = new("lemon", admin, "sector", sector=sectors["农业界"])
        lemon = office.report_edit(actor=admin, report=lemon,
                                   suggestions="一是在主产镇布局产地冷链仓储设施；二是支持合作社共建共用冷库；"
                                               "三是对冷链用电执行农业生产电价。")
        lemon = office.report_decide(actor=admin, report=lemon, use=True)
        lemon = office.report_forward(actor=admin, report=lemon, to_province=True, to_national=False)
        outcomes.instruction_record(actor=admin, report=lemon, leader="市长 刘某某", level="city", instructed_on=today,
                                    text="请市农业农村局牵头，结合冷链物流规划研究落实。")
    if staff is not None and "办公室" in units:
        noise = new("noise", staff, "unit", unit=units["办公室"])
        office.report_decide(actor=admin, report=noise, use=True)  # in the bulletin, not forwarded
    if other is not None:
        charger = new("charger", admin, "member", member=other)
        office.report_decide(actor=admin, report=charger, use=False,
                             reason="本期已编发同类信息（老旧小区电动车充电），不再重复采用。")
    if "医药卫生界" in sectors:
        insurance = new("insurance", admin, "sector", sector=sectors["医药卫生界"])
        insurance = office.report_decide(actor=admin, report=insurance, use=True)
        office.report_forward(actor=admin, report=insurance, to_province=True, to_national=False)  # province to decide
    if "经济委员会" in units:
        payment = new("payment", admin, "unit", unit=units["经济委员会"])
        office.report_edit(actor=admin, report=payment, title="中小微企业账款拖欠问题亟待清理",
                           views="企业希望有畅通、保密的投诉渠道。")
