"""提案: a committee's proposals, from a member's draft to the signers' rating of the answer.

A proposal (``Proposal``) is drafted by a member with co-signers (``Signer``: 联名, each
confirms before the year's submission deadline) or by a group (集体提案: a 界别, a party
group or a special committee). The proposals office (提案委) reviews it: 立案 (accepted,
numbered), 不予立案 with a reason, 转为意见建议, or 并案 into another (the merged one keeps
its signers). An accepted proposal is assigned (交办, ``Assignment``) to handling units
(``HandlingUnit``: government departments, outside the committee): one lead unit and
cooperating units, or several units each for its part (分办). A unit may ask for a change
(``ChangeRequest``) within a set number of days. Each answering unit writes an ``Answer``;
cooperating units countersign it (``Countersign``); the office reviews it and delivers it
to the signers, who rate it (``Rating``); 不满意 sends the proposal back for a second round.
These tables live in each committee's schema.
"""
from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_ANSWER_DAYS = 90  # 三个月
DEFAULT_KEY_ANSWER_DAYS = 60
DEFAULT_CHANGE_DAYS = 7


class ProposalSettings(models.Model):
    """The committee's proposal rules: one row (pk 1), made with its defaults when first read."""

    office_unit = models.ForeignKey(
        "structure.Unit", verbose_name=_("提案工作机构"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("该委室的工作人员审查、交办和督办提案；管理员总可以。"),
    )
    answer_days = models.PositiveSmallIntegerField(
        _("答复期限（天）"), default=DEFAULT_ANSWER_DAYS, validators=[MinValueValidator(1), MaxValueValidator(366)])
    key_answer_days = models.PositiveSmallIntegerField(
        _("重点提案答复期限（天）"), default=DEFAULT_KEY_ANSWER_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(366)])
    change_days = models.PositiveSmallIntegerField(
        _("申请调整交办期限（天）"), default=DEFAULT_CHANGE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(60)])

    class Meta:
        verbose_name = _("提案工作设置")
        verbose_name_plural = _("提案工作设置")

    def __str__(self) -> str:
        return str(_("提案工作设置"))


class ProposalYear(models.Model):
    """One year's proposals (usually those of the plenary session), with the submission deadline."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True,
                                            validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    submission_deadline = models.DateField(_("提交截止日期"))

    class Meta:
        verbose_name = _("提案年度")
        verbose_name_plural = _("提案年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}"


class Category(models.Model):
    """提案分类 (经济建设, 社会事业 …): configurable per committee."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("提案分类")
        verbose_name_plural = _("提案分类")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审查")
    ACCEPTED = "accepted", _("已立案")
    DECLINED = "declined", _("不予立案")
    FORWARDED = "forwarded", _("转为意见建议")
    MERGED = "merged", _("已并案")
    ASSIGNED = "assigned", _("办理中")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


class Origin(models.TextChoices):
    MEMBER = "member", _("委员提案")
    SECTOR = "sector", _("界别提案")
    PARTY = "party", _("党派团体提案")
    COMMITTEE = "committee", _("专委会提案")


class Proposal(models.Model):
    year = models.ForeignKey(ProposalYear, verbose_name=_("年度"), on_delete=models.PROTECT,
                             related_name="proposals")
    number = models.CharField(_("提案号"), max_length=20, blank=True)
    title = models.CharField(_("案由"), max_length=200)
    situation = models.TextField(_("基本情况"), blank=True)
    analysis = models.TextField(_("问题分析"), blank=True)
    suggestions = models.TextField(_("具体建议"))
    category = models.ForeignKey(Category, verbose_name=_("分类"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="proposals")
    origin = models.CharField(_("提案者类别"), max_length=10, choices=Origin.choices, default=Origin.MEMBER)
    group_name = models.CharField(_("提案单位"), max_length=100, blank=True,
                                  help_text=_("集体提案：界别、党派团体或专委会的名称"))
    created_by_user_id = models.BigIntegerField(_("起草账号"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    decided_by_user_id = models.BigIntegerField(null=True, blank=True)
    decision_reason = models.TextField(_("审查意见"), blank=True)
    merged_into = models.ForeignKey("self", verbose_name=_("并入提案"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="merged")
    is_key = models.BooleanField(_("重点提案"), default=False)
    key_leader = models.ForeignKey("structure.Leader", verbose_name=_("领办领导"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    assigned_on = models.DateField(_("交办日期"), null=True, blank=True)
    answer_due_on = models.DateField(_("答复期限"), null=True, blank=True)
    #: the first round's deadline, which the on-time answer rate (按期办复率) is measured against
    first_due_on = models.DateField(_("首次答复期限"), null=True, blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    is_excellent = models.BooleanField(_("优秀提案"), default=False)
    #: published by the office with its answers on the committee's site and in the network's search
    is_public = models.BooleanField(_("公开"), default=False)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("提案")
        verbose_name_plural = _("提案")
        ordering = ["-year__year", "number", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], condition=~models.Q(number=""),
                                    name="proposals_number_unique"),
            models.CheckConstraint(
                condition=models.Q(origin="member") | ~models.Q(group_name=""),
                name="proposals_group_named"),
        ]
        indexes = [models.Index(fields=["status"], name="proposals_status")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def is_group(self) -> bool:
        return self.origin != Origin.MEMBER


class Signer(models.Model):
    """A member who signs a proposal: the lead signer (领衔, confirmed by drafting it) or a co-signer
    (联名), who counts only once confirmed."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="signers")
    member = models.ForeignKey("structure.Member", verbose_name=_("委员"), on_delete=models.PROTECT,
                               related_name="proposal_signatures")
    is_lead = models.BooleanField(_("领衔"), default=False)
    invited_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    declined_at = models.DateTimeField(_("谢绝时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("提案人")
        verbose_name_plural = _("提案人")
        ordering = ["-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "member"], name="proposals_signer_unique"),
            models.UniqueConstraint(fields=["proposal"], condition=models.Q(is_lead=True),
                                    name="proposals_one_lead"),
        ]

    def __str__(self) -> str:
        return str(self.member)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None and self.declined_at is None


class HandlingUnit(models.Model):
    """承办单位: a department outside the committee that answers proposals."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    contact = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("主办")
    COOPERATING = "cooperating", _("协办")
    SPLIT = "split", _("分办")


class Assignment(models.Model):
    """交办: one handling unit's part in one round of a proposal's handling."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    handling_unit = models.ForeignKey(HandlingUnit, verbose_name=_("承办单位"), on_delete=models.PROTECT,
                                      related_name="assignments")
    role = models.CharField(_("办理方式"), max_length=12, choices=AssignmentRole.choices)
    part = models.CharField(_("分办内容"), max_length=200, blank=True)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    assigned_at = models.DateTimeField(_("交办时间"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["round", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "handling_unit", "round"],
                                    condition=models.Q(withdrawn_at__isnull=True),
                                    name="proposals_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.handling_unit} · {self.get_role_display()}"

    @property
    def answers(self) -> bool:
        """The lead unit and each unit of a split assignment write an answer; cooperating units countersign."""
        return self.role != AssignmentRole.COOPERATING


class ChangeRequest(models.Model):
    """A handling unit asks to have its assignment changed (not ours / another unit's part)."""

    class State(models.TextChoices):
        PENDING = "pending", _("待决定")
        GRANTED = "granted", _("同意调整")
        REFUSED = "refused", _("不予调整")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="change_requests")
    reason = models.TextField(_("申请理由"))
    suggested_unit = models.CharField(_("建议承办单位"), max_length=100, blank=True)
    requested_by_user_id = models.BigIntegerField(null=True, blank=True)
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PENDING)
    decided_by_user_id = models.BigIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decision_note = models.TextField(_("决定意见"), blank=True)

    class Meta:
        verbose_name = _("调整交办申请")
        verbose_name_plural = _("调整交办申请")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["assignment"], condition=models.Q(state="pending"),
                                    name="proposals_one_pending_change"),
        ]


class Outcome(models.TextChoices):
    A = "A", _("A 类：已解决或采纳")
    B = "B", _("B 类：正在解决或列入计划")
    C = "C", _("C 类：留作参考")


class Answer(models.Model):
    """答复: one answering unit's reply in one round."""

    class State(models.TextChoices):
        DRAFTING = "drafting", _("起草中")
        COUNTERSIGNING = "countersigning", _("会签中")
        REVIEW = "review", _("待审核")
        RETURNED = "returned", _("退回修改")
        DELIVERED = "delivered", _("已答复")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    handling_unit = models.ForeignKey(HandlingUnit, verbose_name=_("答复单位"), on_delete=models.PROTECT,
                                      related_name="answers")
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    reply_number = models.CharField(_("答复文号"), max_length=60, blank=True)
    text = models.TextField(_("答复内容"), blank=True)
    contact = models.CharField(_("联系人及电话"), max_length=100, blank=True)
    outcome = models.CharField(_("办理结果"), max_length=1, choices=Outcome.choices, blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.DRAFTING)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    reviewed_by_user_id = models.BigIntegerField(null=True, blank=True)
    delivered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "handling_unit", "round"], name="proposals_answer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.handling_unit}"


class Countersign(models.Model):
    """会签: a cooperating unit agrees to the lead unit's answer, or sends its opinion."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="countersigns")
    handling_unit = models.ForeignKey(HandlingUnit, on_delete=models.PROTECT, related_name="countersigns")
    agreed = models.BooleanField(_("同意"), null=True)
    opinion = models.TextField(_("会签意见"), blank=True)
    signed_at = models.DateTimeField(_("会签时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会签")
        verbose_name_plural = _("会签")
        constraints = [
            models.UniqueConstraint(fields=["answer", "handling_unit"], name="proposals_countersign_unique"),
        ]


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Rating(models.Model):
    """A signer's rating of a delivered answer."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="ratings")
    signer = models.ForeignKey(Signer, on_delete=models.CASCADE, related_name="ratings")
    satisfaction = models.CharField(_("评价"), max_length=12, choices=Satisfaction.choices)
    comment = models.TextField(_("意见"), blank=True)
    rated_at = models.DateTimeField(_("评价时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("办理评价")
        verbose_name_plural = _("办理评价")
        constraints = [
            models.UniqueConstraint(fields=["answer", "signer"], name="proposals_rating_unique"),
        ]
