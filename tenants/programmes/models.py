"""Programmes and plans of a committee, and the reporting cycle 月报 · 季晒 · 年评比.

Tables live in each committee's schema. A ``Programme`` (工作要点, 协商计划,
好品牌, 同心圆 …) is made of sections and numbered items; an item has a lead
unit, cooperating units, a responsible leader, yearly milestones and
quantitative targets. Lead units report monthly on their items; the office
reviews the reports; the quarterly showcase and the annual appraisal are read
from them.
"""
import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shared.programme_library.models import ProgrammeKind
from tenants.history.models import ChangeLog  # noqa: F401  moved to tenants.history; importable here for old callers

MIN_YEAR, MAX_YEAR = 2000, 2100
REPORT_DUE_DAY = 5  # a month's report is due on the 5th of the next month


def report_due_on(month: dt.date) -> dt.date:
    """The day the report of ``month`` is due."""
    next_month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return next_month.replace(day=REPORT_DUE_DAY)


class Programme(models.Model):
    Kind = ProgrammeKind

    kind = models.CharField(_("类型"), max_length=30, choices=ProgrammeKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("起始年度"))
    end_year = models.PositiveSmallIntegerField(_("结束年度"))
    source_template_id = models.BigIntegerField(_("来源模板"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("计划与项目")
        verbose_name_plural = _("计划与项目")
        ordering = ["-start_year", "kind", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        for name in ("start_year", "end_year"):
            value = getattr(self, name)
            if value is not None and not MIN_YEAR <= value <= MAX_YEAR:
                raise ValidationError({name: _("年度应在 %(a)s 至 %(b)s 之间。") % {"a": MIN_YEAR, "b": MAX_YEAR}})
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("结束年度不能早于起始年度。")})

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def period_label(self) -> str:
        if self.start_year == self.end_year:
            return f"{self.start_year}"
        return f"{self.start_year}—{self.end_year}"


class Section(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField(_("序号"))
    heading = models.CharField(_("标题"), max_length=300)
    intro = models.TextField(_("导语"), blank=True)

    class Meta:
        verbose_name = _("部分")
        verbose_name_plural = _("部分")
        ordering = ["programme", "number", "id"]

    def __str__(self) -> str:
        return self.heading

    @property
    def numeral(self) -> str:
        from tenants.programmes.numerals import chinese_numeral

        return chinese_numeral(self.number)


class Item(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("编号"))
    order = models.PositiveIntegerField(_("排序"), default=0)
    title = models.CharField(_("标题"), max_length=300)
    description = models.TextField(_("内容"), blank=True)
    lead_unit = models.ForeignKey(
        "structure.Unit", verbose_name=_("牵头委室"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="led_items",
    )
    cooperating_units = models.ManyToManyField(
        "structure.Unit", verbose_name=_("配合委室"), blank=True, related_name="cooperating_items"
    )
    responsible_leader = models.ForeignKey(
        "structure.Leader", verbose_name=_("责任领导"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="items",
    )
    responsibility_note = models.CharField(_("责任说明"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(_("起始年度"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("结束年度"), null=True, blank=True)

    class Meta:
        verbose_name = _("事项")
        verbose_name_plural = _("事项")
        ordering = ["programme", "order", "number", "id"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def first_year(self) -> int:
        return self.start_year or self.programme.start_year

    @property
    def last_year(self) -> int:
        return self.end_year or self.programme.end_year

    def clean(self) -> None:
        programme = self.programme if self.programme_id else None
        if programme is None:
            return
        for name in ("start_year", "end_year"):
            value = getattr(self, name)
            if value is not None and not programme.start_year <= value <= programme.end_year:
                raise ValidationError({name: _("事项年度 %(y)s 超出项目周期 %(p)s。") % {"y": value, "p": programme.period_label}})
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("结束年度不能早于起始年度。")})
        if self.section_id and self.section.programme_id != self.programme_id:
            raise ValidationError({"section": _("所属部分不在本项目中。")})


def _check_year_in_item(item: Item, year: int | None) -> None:
    if year is None or item is None:
        return
    if not item.first_year <= year <= item.last_year:
        period = f"{item.first_year}—{item.last_year}" if item.first_year != item.last_year else f"{item.first_year}"
        raise ValidationError({"year": _("%(y)s 年不在事项周期（%(p)s 年）内，不能设置该年度的内容。") % {"y": year, "p": period}})


class Milestone(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="milestones")
    year = models.PositiveSmallIntegerField(_("年度"))
    text = models.TextField(_("年度任务"))

    class Meta:
        verbose_name = _("年度任务")
        verbose_name_plural = _("年度任务")
        ordering = ["item", "year"]
        constraints = [models.UniqueConstraint(fields=["item", "year"], name="milestone_unique_year")]

    def clean(self) -> None:
        _check_year_in_item(self.item if self.item_id else None, self.year)


class Target(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("指标"), max_length=100)
    unit_of_measure = models.CharField(_("计量单位"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    value = models.DecimalField(_("目标值"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        ordering = ["item", "indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["item", "indicator", "year"], name="target_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}{self.unit_of_measure}"

    def clean(self) -> None:
        _check_year_in_item(self.item if self.item_id else None, self.year)
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": _("目标值不能为负数。")})


class ReportStatus(models.TextChoices):
    ON_TRACK = "on_track", _("按计划推进")
    AT_RISK = "at_risk", _("存在风险")
    LATE = "late", _("滞后")
    DONE = "done", _("已完成")


class ReportState(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已采纳")


class MonthlyReport(models.Model):
    """月报: one per item and month; returned reports are fixed and filed again."""

    Status = ReportStatus
    State = ReportState

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="reports")
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    progress = models.TextField(_("工作进展"))
    status = models.CharField(_("状态"), max_length=20, choices=ReportStatus.choices)
    state = models.CharField(_("审核"), max_length=20, choices=ReportState.choices, default=ReportState.SUBMITTED)
    reviewer_comment = models.TextField(_("审核意见"), blank=True)
    filed_by_id = models.BigIntegerField(_("填报人"), null=True, blank=True)
    filed_by_name = models.CharField(_("填报人"), max_length=100, blank=True)
    filed_at = models.DateTimeField(_("填报时间"), null=True, blank=True)
    reviewed_by_name = models.CharField(_("审核人"), max_length=100, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("月报")
        verbose_name_plural = _("月报")
        ordering = ["-month", "item__order", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "month"], name="report_unique_month")]

    def __str__(self) -> str:
        return f"{self.item.title} {self.month:%Y-%m}"

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("月份应为该月第一天。")})
        if self.item_id and self.month:
            _check_year_in_item(self.item, self.month.year)


class ReportValue(models.Model):
    """完成值: the actual value of one target reached by the report's month."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="values")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="actuals")
    actual = models.DecimalField(_("完成值"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("完成值")
        verbose_name_plural = _("完成值")
        constraints = [models.UniqueConstraint(fields=["report", "target"], name="report_value_unique")]

    def clean(self) -> None:
        if self.actual is not None and self.actual < 0:
            raise ValidationError({"actual": _("完成值不能为负数。")})


class ReportAttachment(models.Model):
    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("附件"), upload_to="programmes/reports/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("月报附件")
        verbose_name_plural = _("月报附件")


class Appraisal(models.Model):
    """年评比: scores units on weighted criteria and ranks them."""

    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    #: set by publishing (services.appraisal.appraisal_publish): from then on the appraisal is locked,
    #: its criteria, scores and computation refused by the services and read-only in the admin
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("年度评比")
        verbose_name_plural = _("年度评比")
        ordering = ["-year", "id"]
        constraints = [models.UniqueConstraint(fields=["year", "title"], name="appraisal_unique_title")]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    class Source(models.TextChoices):
        COMPLETION = "completion", _("目标完成率（自动）")
        PUNCTUALITY = "punctuality", _("月报按时率（自动）")
        ACCEPTANCE = "acceptance", _("月报采纳率（自动）")
        MANUAL = "manual", _("人工评分")

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("评比项"), max_length=100)
    source = models.CharField(_("计分方式"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("评比项")
        verbose_name_plural = _("评比项")
        ordering = ["appraisal", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["appraisal", "name"], name="criterion_unique_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.weight is not None and not 0 < self.weight <= 100:
            raise ValidationError({"weight": _("权重应大于 0 且不超过 100。")})


class UnitScore(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey("structure.Unit", on_delete=models.CASCADE, related_name="appraisal_scores")
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("委室得分")
        verbose_name_plural = _("委室得分")
        constraints = [models.UniqueConstraint(fields=["criterion", "unit"], name="unit_score_unique")]

    def clean(self) -> None:
        if self.score is not None and not 0 <= self.score <= 100:
            raise ValidationError({"score": _("得分应在 0 至 100 之间。")})


class DutyOutcome(models.TextChoices):
    """What a duty record is for: an activity the office records by hand, or an outcome the proposal,
    report and golden-idea services record as it happens (``services.duty_outcomes``)."""

    ACTIVITY = "activity", _("履职活动")
    PROPOSAL_SUBMITTED = "proposal_submitted", _("提交提案")
    PROPOSAL_ACCEPTED = "proposal_accepted", _("提案立案")
    PROPOSAL_EXCELLENT = "proposal_excellent", _("优秀提案")
    OPINION_SUBMITTED = "opinion_submitted", _("报送社情民意信息")
    OPINION_USED = "opinion_used", _("社情民意信息被采用")
    OPINION_FORWARDED = "opinion_forwarded", _("社情民意信息报送上级")
    OPINION_ADOPTED = "opinion_adopted", _("社情民意信息被上级采用")
    OPINION_INSTRUCTED_CITY = "opinion_instructed_city", _("社情民意信息获市级领导批示")
    OPINION_INSTRUCTED_PROVINCE = "opinion_instructed_province", _("社情民意信息获省级领导批示")
    OPINION_INSTRUCTED_NATIONAL = "opinion_instructed_national", _("社情民意信息获国家级领导批示")
    IDEA_COMMENDED = "idea_commended", _("金点子获表扬")


class DutyShare(models.TextChoices):
    """Whose outcome it is: the member's own (the lead signer of a proposal, a report's author) or a
    co-signer's (联名), who earns the rule's co-signer points."""

    FULL = "full", _("本人（领衔）")
    COSIGNER = "cosigner", _("联名")


#: the points of each outcome until the office changes them: (own or lead signer, co-signer)
DUTY_POINTS_DEFAULT = {
    DutyOutcome.ACTIVITY: (1, 0),
    DutyOutcome.PROPOSAL_SUBMITTED: (2, 1),
    DutyOutcome.PROPOSAL_ACCEPTED: (3, 1.5),
    DutyOutcome.PROPOSAL_EXCELLENT: (10, 5),
    DutyOutcome.OPINION_SUBMITTED: (1, 0),
    DutyOutcome.OPINION_USED: (3, 0),
    DutyOutcome.OPINION_FORWARDED: (5, 0),
    DutyOutcome.OPINION_ADOPTED: (10, 0),
    DutyOutcome.OPINION_INSTRUCTED_CITY: (5, 0),
    DutyOutcome.OPINION_INSTRUCTED_PROVINCE: (8, 0),
    DutyOutcome.OPINION_INSTRUCTED_NATIONAL: (15, 0),
    DutyOutcome.IDEA_COMMENDED: (5, 0),
}
DUTY_POINTS_MAX = 100


def duty_points_default(outcome: str) -> tuple[Decimal, Decimal]:
    """(own, co-signer) points of an outcome the office has not changed, as the rules store them."""
    return tuple(Decimal(str(v)).quantize(Decimal("0.1")) for v in DUTY_POINTS_DEFAULT[outcome])


class DutyRule(models.Model):
    """履职积分: the points one outcome earns in the duty record. One row per outcome, written when the
    office first changes the rules; an outcome without a row earns its ``DUTY_POINTS_DEFAULT``. Points
    are read with the current rules, so a change counts for every record (and the ranking) at once."""

    outcome = models.CharField(_("履职事项"), max_length=30, choices=DutyOutcome.choices, unique=True)
    points = models.DecimalField(_("积分"), max_digits=5, decimal_places=1,
                                 validators=[MinValueValidator(0), MaxValueValidator(DUTY_POINTS_MAX)])
    cosigner_points = models.DecimalField(_("联名委员积分"), max_digits=5, decimal_places=1, default=0,
                                          validators=[MinValueValidator(0), MaxValueValidator(DUTY_POINTS_MAX)])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("履职积分规则")
        verbose_name_plural = _("履职积分规则")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.points}"


class DutyRecord(models.Model):
    """履职档案: what a member did, linked to the items and reports it belongs to.

    A record the office adds by hand is an activity (``outcome`` ``activity``); the others are
    recorded by the services that make the outcome happen, once per (member, outcome, source), and
    link to that source (the proposal, the report, the golden idea). An outcome taken back (a
    co-signature declined, 优秀提案 withdrawn) voids its record (``voided_at``): kept, never counted."""

    member = models.ForeignKey("structure.Member", on_delete=models.CASCADE, related_name="duty_records")
    date = models.DateField(_("日期"))
    text = models.CharField(_("履职事项"), max_length=500)
    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="duty_records")
    report = models.ForeignKey(
        MonthlyReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="duty_records"
    )
    outcome = models.CharField(_("履职类型"), max_length=30, choices=DutyOutcome.choices,
                               default=DutyOutcome.ACTIVITY)
    share = models.CharField(_("身份"), max_length=10, choices=DutyShare.choices, default=DutyShare.FULL)
    proposal = models.ForeignKey("proposals.Proposal", verbose_name=_("提案"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="duty_records")
    opinion_report = models.ForeignKey("opinions.OpinionReport", verbose_name=_("社情民意信息"), null=True,
                                       blank=True, on_delete=models.CASCADE, related_name="duty_records")
    golden_idea = models.ForeignKey("golden_ideas.GoldenIdea", verbose_name=_("金点子"), null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="duty_records")
    voided_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("履职档案")
        verbose_name_plural = _("履职档案")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "outcome", "proposal"], condition=models.Q(proposal__isnull=False),
                                    name="duty_outcome_once_per_proposal"),
            models.UniqueConstraint(fields=["member", "outcome", "opinion_report"],
                                    condition=models.Q(opinion_report__isnull=False),
                                    name="duty_outcome_once_per_opinion"),
            models.UniqueConstraint(fields=["member", "outcome", "golden_idea"],
                                    condition=models.Q(golden_idea__isnull=False),
                                    name="duty_outcome_once_per_idea"),
        ]

    def __str__(self) -> str:
        return f"{self.member.name} {self.date:%Y-%m-%d} {self.text}"

    @property
    def text_shown(self) -> str:
        """The text in the reader's language (an outcome's from its source, see ``duty_texts``)."""
        from tenants.programmes.duty_texts import record_text

        return record_text(self)

    @property
    def text_html(self):
        """``text_shown`` for a page, its titles marked as data."""
        from tenants.programmes.duty_texts import record_html

        return record_html(self)
