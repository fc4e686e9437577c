"""Writes of the 金点子 selection (the active schema is the committee).

Who may act at each stage is declared once, in STAGE_RULES; every service
checks the actor's access in the active committee itself, so pages, the API
and the admin cannot disagree. A stage change locks the selection row first
(so the annual cap is counted by one transaction at a time) and then moves
the idea with a conditional UPDATE on its current stage: two reviewers
acting at once produce exactly one transition; the other gets a clear message.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Role
from notifications.models import Kind
from notifications.selectors import recipients_with_role
from notifications.services import notify
from roles.policy import Capability, access_in
from tenancy.selectors import organisation_current
from tenants.programmes.network_push import network_status_push_later
from tenants.golden_ideas.models import (
    CAPPED_STAGES, DEFAULT_CAP, Category, GoldenIdea, Review, Selection, Sharing, Stage, StageChange,
)

#: the kind of golden ideas in the shared index (search.sources)
SEARCH_KIND = "golden_idea"


def _index_later(ids: list[int]) -> None:
    """Queue ideas of the active committee for (re)indexing, in the caller's transaction."""
    from search.services import index_later

    index_later(kind=SEARCH_KIND, ids=ids)

def _idea_notify(*, idea: GoldenIdea, actor) -> None:
    """Tell the idea's recommender where it now is, and the people acting at its new stage:
    推荐, the reviewers (unit staff and the office); 初选 and 审定, the office. Never the actor."""
    organisation = organisation_current()
    stage = idea.stage
    if stage == Stage.RECOMMENDED:
        acting = recipients_with_role(organisation=organisation, roles=[Role.TENANT_ADMIN, Role.UNIT_STAFF])
    elif stage in (Stage.SHORTLISTED, Stage.APPROVED):
        acting = recipients_with_role(organisation=organisation, roles=[Role.TENANT_ADMIN])
    else:
        acting = []
    recipients = set(acting) | ({idea.recommended_by_id} if idea.recommended_by_id else set())
    recipients.discard(getattr(actor, "pk", None))
    commended = stage == Stage.COMMENDED
    notify(
        organisation=organisation, recipients=recipients,
        kind=Kind.IDEA_COMMENDED if commended else Kind.IDEA_STAGE,
        title=gettext_noop("金点子“%(title)s”获表扬") if commended
        else gettext_noop("金点子“%(title)s”进入“%(stage)s”阶段"),
        body=gettext_noop("%(year)s 年度 · %(unit)s"),
        params={"title": idea.title, "stage": str(Stage(stage).label), "year": idea.selection.year,
                "unit": idea.unit.name},
        url=reverse("golden_ideas:idea", args=[idea.pk]), key=f"idea:{idea.pk}:{stage}",
    )


# The seven default categories (names and responsible units follow the
# committee's implementation plan; the scope lines are our own summary).
DEFAULT_CATEGORIES: list[tuple[str, str, str]] = [
    ("全会协商", "全体会议期间大会发言、书面发言和分组讨论中提出的建议", "办公室"),
    ("常委会协商", "年度协商计划中以常委会议为平台的协商活动", "办公室"),
    ("主席会协商", "年度协商计划中以主席会议为平台的协商活动", "办公室"),
    ("专委会协商", "专门委员会牵头的专题、对口、界别和部门协商", "牵头的专门委员会"),
    ("提案协商", "年度提案，尤其是重点提案和优秀提案", "提案委员会"),
    ("调查研究", "年度调研报告", "研究室"),
    ("社情民意", "年度社情民意信息", "研究室"),
]


@dataclass(frozen=True)
class StageRule:
    """Who may move an idea into `stage`, from which stages, and what it needs."""

    capability: Capability
    from_stages: tuple[str, ...]
    actor_label: str
    opinion_field: str | None = None     # the 申报表 field the action's opinion fills
    opinion_required: bool = False


STAGE_RULES: dict[str, StageRule] = {
    Stage.RECOMMENDED: StageRule(Capability.EDIT, (), "委室工作人员或管理员"),
    Stage.SHORTLISTED: StageRule(
        Capability.ADMINISTER, (Stage.RECOMMENDED,), "管理员（办公室）",
        opinion_field="preliminary_opinion", opinion_required=True,
    ),
    Stage.APPROVED: StageRule(
        Capability.ADMINISTER, (Stage.SHORTLISTED,), "管理员（录入主席会审定结果）",
        opinion_field="chair_opinion", opinion_required=True,
    ),
    Stage.COMMENDED: StageRule(Capability.ADMINISTER, (Stage.APPROVED,), "管理员（主席会审定后）"),
    Stage.REJECTED: StageRule(
        Capability.ADMINISTER, (Stage.RECOMMENDED, Stage.SHORTLISTED, Stage.APPROVED), "管理员",
        opinion_required=True,
    ),
}
REVIEW_CAPABILITY = Capability.EDIT
REVIEWABLE_STAGES = (Stage.RECOMMENDED, Stage.SHORTLISTED)


def _require(actor, capability: Capability, what: str) -> None:
    if actor is None or not access_in(actor, organisation_current()).allows(capability):
        raise PermissionDenied(_("您没有%(what)s的权限。") % {"what": what})


def _name_of(actor) -> str:
    return (getattr(actor, "display_name", "") or getattr(actor, "username", "")) or _("系统")


def _date_label(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _check_deadline(selection: Selection, stage: str) -> None:
    deadline = selection.deadline_for(stage)
    if deadline is not None and timezone.localdate() > deadline:
        raise ValidationError(
            _("%(stage)s截止日期（%(day)s）已过，不能再%(stage)s。如需延期，请管理员修改评选的截止日期。")
            % {"stage": Stage(stage).label, "day": _date_label(deadline)}
        )


def default_deadlines(year: int) -> dict[str, dt.date]:
    """推荐 by 10 December, 初选 by 20 December (mid-month), 审定 by 31 December; 表扬 at the next plenary."""
    return {
        "recommend_deadline": dt.date(year, 12, 10),
        "shortlist_deadline": dt.date(year, 12, 20),
        "approve_deadline": dt.date(year, 12, 31),
    }


@transaction.atomic
def categories_ensure_default() -> list[Category]:
    """Create the seven default categories if the committee has none yet. Rows: Category."""
    if Category.objects.exists():
        return list(Category.objects.all())
    created = []
    for order, (name, scope, responsible) in enumerate(DEFAULT_CATEGORIES):
        category = Category(name=name, scope=scope, responsible=responsible, order=order)
        category.full_clean()
        category.save()
        created.append(category)
    return created


@transaction.atomic
def selection_open(
    *, actor, year: int, cap: int = DEFAULT_CAP, recommend_deadline: dt.date | None = None,
    shortlist_deadline: dt.date | None = None, approve_deadline: dt.date | None = None,
    plenary_on: dt.date | None = None,
) -> Selection:
    """Open a year's selection (admin). Rows: Selection; the default categories if none exist."""
    _require(actor, Capability.ADMINISTER, _("开启评选"))
    if Selection.objects.filter(year=year).exists():
        raise ValidationError({"year": _("%(year)s 年度的金点子评选已经开启。") % {"year": year}})
    defaults = default_deadlines(year) if 2000 <= (year or 0) <= 2100 else {}
    selection = Selection(
        year=year, cap=cap,
        recommend_deadline=recommend_deadline or defaults.get("recommend_deadline"),
        shortlist_deadline=shortlist_deadline or defaults.get("shortlist_deadline"),
        approve_deadline=approve_deadline or defaults.get("approve_deadline"),
        plenary_on=plenary_on,
    )
    selection.full_clean()
    selection.save()
    categories_ensure_default()
    return selection


@transaction.atomic
def idea_recommend(
    *, actor, selection: Selection, category: Category, unit, title: str, applicant: str,
    applicant_kind: str, contact_name: str, contact_phone: str, reason: str,
    unit_head_name: str, unit_head_confirmed: bool, filed_on: dt.date | None = None,
) -> GoldenIdea:
    """File a 申报表 (unit staff or admin, until the recommendation deadline).

    Rows: GoldenIdea at stage 推荐 (unshared), and its first StageChange; the idea is
    queued for the shared index (visible to its own committee only); notifications to
    the reviewers (``_idea_notify``).
    """
    _require(actor, STAGE_RULES[Stage.RECOMMENDED].capability, _("推荐金点子"))
    _check_deadline(selection, Stage.RECOMMENDED)
    errors = {}
    if not unit_head_confirmed:
        errors["unit_head_confirmed"] = _("申报表须经推荐委室负责人签字确认后才能提交。")
    if category is not None and not category.active:
        errors["category"] = _("类别“%(name)s”已停用，请选择其他类别。") % {"name": category.name}
    if errors:
        raise ValidationError(errors)
    idea = GoldenIdea(
        selection=selection, category=category, unit=unit, title=(title or "").strip(),
        applicant=(applicant or "").strip(), applicant_kind=applicant_kind,
        contact_name=(contact_name or "").strip(), contact_phone=(contact_phone or "").strip(),
        reason=(reason or "").strip(), unit_head_name=(unit_head_name or "").strip(),
        unit_head_confirmed=True, filed_on=filed_on or timezone.localdate(),
        stage=Stage.RECOMMENDED, recommended_by_id=actor.pk,
    )
    idea.full_clean()
    idea.save()
    StageChange.objects.create(
        idea=idea, from_stage="", to_stage=Stage.RECOMMENDED, actor_id=actor.pk, actor_name=_name_of(actor),
        note=_("提交申报表"),
    )
    _index_later([idea.pk])
    _idea_notify(idea=idea, actor=actor)
    network_status_push_later()  # the province's network view counts ideas by stage
    return idea


@transaction.atomic
def idea_share(*, actor, idea_id: int, sharing: str) -> GoldenIdea:
    """Set who outside the committee may find the idea through the shared search: nobody
    (不共享, the default), the committees of its province, or the whole platform. The
    committee's office only (ADMINISTER).

    Rows: the idea's ``sharing``; a ChangeLog entry (tenants.history). Reindex: the idea
    is queued for the shared index in this transaction (unsharing removes it from other
    committees' results once drained).
    """
    from tenants.history.services import change_record

    _require(actor, Capability.ADMINISTER, _("设置金点子共享范围"))
    idea = GoldenIdea.objects.select_for_update().get(pk=idea_id)
    if sharing not in Sharing.values:
        raise ValidationError({"sharing": _("未知的共享范围。")})
    before = idea.sharing
    if before == sharing:
        return idea
    idea.sharing = sharing
    idea.full_clean()
    idea.save(update_fields=["sharing", "updated_at"])
    change_record(
        actor=actor, obj=idea, action="share",
        summary=_("金点子“%(title)s”的共享范围：%(before)s → %(after)s") % {
            "title": idea.title, "before": Sharing(before).label, "after": Sharing(sharing).label},
        changes={"sharing": [before, sharing]},
    )
    _index_later([idea.pk])
    return idea


@transaction.atomic
def review_submit(
    *, actor, idea: GoldenIdea, political: int, innovative: int, effective: int, opinion: str,
) -> Review:
    """Score an idea on the three criteria (unit staff or admin; not one's own recommendation).

    Rows: the reviewer's Review of the idea, created or replaced.
    """
    _require(actor, REVIEW_CAPABILITY, _("评审金点子"))
    idea = GoldenIdea.objects.select_for_update().get(pk=idea.pk)
    if idea.stage not in REVIEWABLE_STAGES:
        raise ValidationError(
            _("该金点子已处于“%(stage)s”阶段，不再接受评审。") % {"stage": Stage(idea.stage).label}
        )
    if idea.recommended_by_id == actor.pk:
        raise ValidationError(_("不能评审自己推荐的金点子。"))
    review = Review.objects.filter(idea=idea, reviewer_id=actor.pk).first() or Review(
        idea=idea, reviewer_id=actor.pk
    )
    review.reviewer_name = _name_of(actor)
    review.political, review.innovative, review.effective = political, innovative, effective
    review.opinion = (opinion or "").strip()
    review.full_clean()
    review.save()
    return review


def idea_advance(*, actor, idea_id: int, to_stage: str, opinion: str = "") -> GoldenIdea:
    """Move an idea into `to_stage` (初选, 审定, 表扬 or 未入选) under STAGE_RULES.

    Enforces the role, the stage order, the stage's deadline, required opinions
    (初评意见 for 初选, 主席会审议意见 for 审定, a reason for 未入选) and the
    annual cap (at most `cap` ideas in 审定/表扬). Rows: the idea's stage and
    opinion; one StageChange; notifications to its recommender and the people acting
    at the new stage (``_idea_notify``). Concurrency: see the module docstring.
    """
    rule = STAGE_RULES.get(to_stage)
    if rule is None or to_stage == Stage.RECOMMENDED:
        raise ValidationError({"to_stage": _("未知的目标阶段。")})
    _require(actor, rule.capability, Stage(to_stage).label)
    opinion = (opinion or "").strip()
    with transaction.atomic():
        selection_id = GoldenIdea.objects.filter(pk=idea_id).values_list("selection_id", flat=True).first()
        if selection_id is None:
            raise GoldenIdea.DoesNotExist
        # Lock order: selection, then idea (every writer does the same: no deadlock).
        selection = Selection.objects.select_for_update().get(pk=selection_id)
        idea = GoldenIdea.objects.select_for_update().get(pk=idea_id)
        from_stage = idea.stage
        if from_stage not in rule.from_stages:
            allowed = "、".join(f"“{Stage(s).label}”" for s in rule.from_stages)
            raise ValidationError(
                _("该金点子当前处于“%(current)s”阶段，只有%(allowed)s阶段的金点子可以转为“%(target)s”"
                  "（可能已由他人处理，请刷新页面）。")
                % {"current": Stage(from_stage).label, "allowed": allowed, "target": Stage(to_stage).label}
            )
        _check_deadline(selection, to_stage)
        fields: dict = {}
        if rule.opinion_field:
            opinion = opinion or getattr(idea, rule.opinion_field)
            fields[rule.opinion_field] = opinion
        if rule.opinion_required and not opinion:
            what = {
                Stage.SHORTLISTED: _("初评意见"), Stage.APPROVED: _("主席会审议意见"),
            }.get(to_stage, _("未入选的理由"))
            raise ValidationError({"opinion": _("请填写%(what)s。") % {"what": what}})
        if to_stage == Stage.SHORTLISTED and not idea.reviews.exists():
            raise ValidationError(_("初选须依据评选标准：该金点子还没有任何评审打分。"))
        if to_stage == Stage.COMMENDED and not idea.chair_opinion:
            raise ValidationError(_("表扬须在主席会审定之后：该金点子没有主席会审议意见。"))
        if to_stage in CAPPED_STAGES and from_stage not in CAPPED_STAGES:
            taken = GoldenIdea.objects.filter(selection=selection, stage__in=CAPPED_STAGES).count()
            if taken >= selection.cap:
                raise ValidationError(
                    _("%(year)s 年度审定、表扬的金点子已达上限 %(cap)s 件，不能再审定。") % {
                        "year": selection.year, "cap": selection.cap}
                )
        changed = GoldenIdea.objects.filter(pk=idea.pk, stage=from_stage).update(
            stage=to_stage, updated_at=timezone.now(), **fields
        )
        if changed != 1:  # belt and braces: the row lock above should make this impossible
            raise ValidationError(_("该金点子刚刚已由他人处理，请刷新页面。"))
        StageChange.objects.create(
            idea=idea, from_stage=from_stage, to_stage=to_stage, actor_id=actor.pk,
            actor_name=_name_of(actor), note=opinion,
        )
        idea.refresh_from_db()
        _idea_notify(idea=idea, actor=actor)
        if to_stage == Stage.COMMENDED:  # the members it names: their duty records (履职积分)
            from tenants.golden_ideas.duty import idea_duty_sync

            idea_duty_sync(actor=actor, idea=idea)
        network_status_push_later()  # the province's network view counts ideas by stage
    idea.refresh_from_db()
    return idea
