"""Page forms: they parse input; the services decide and save."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.golden_ideas.models import (
    PHONE_MESSAGE, PHONE_PATTERN, SCORE_MAX, SCORE_MIN, GoldenIdea, Sharing, Stage,
)
from tenants.golden_ideas.selectors import category_list
from ui.widgets import DataSelect


class SelectionOpenForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    cap = forms.IntegerField(label=_("表扬上限（件）"), min_value=1, max_value=500, initial=30)
    recommend_deadline = forms.DateField(label=_("推荐截止"), required=False,
                                         widget=forms.DateInput(attrs={"type": "date"}),
                                         help_text=_("留空：当年 12 月 10 日"))
    shortlist_deadline = forms.DateField(label=_("初选截止"), required=False,
                                         widget=forms.DateInput(attrs={"type": "date"}),
                                         help_text=_("留空：当年 12 月 20 日"))
    approve_deadline = forms.DateField(label=_("审定截止"), required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}),
                                       help_text=_("留空：当年 12 月 31 日"))
    plenary_on = forms.DateField(label=_("表扬日期（次年全会）"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))


class IdeaForm(forms.Form):
    """申报表."""

    title = forms.CharField(label=_("名称"), max_length=200)
    category = forms.ModelChoiceField(label=_("类别"), queryset=category_list(active_only=True),
                                      empty_label=_("请选择类别"), widget=DataSelect)
    unit = forms.ModelChoiceField(label=_("推荐单位"), queryset=None, empty_label=_("请选择推荐委室"), widget=DataSelect)
    applicant = forms.CharField(label=_("申报对象"), max_length=100,
                                help_text=_("委员、机关干部的姓名，或委（室）、参加单位的名称"))
    applicant_kind = forms.ChoiceField(label=_("对象类型"), choices=GoldenIdea.ApplicantKind.choices)
    contact_name = forms.CharField(label=_("联系人"), max_length=30)
    contact_phone = forms.RegexField(label=_("联系电话"), regex=PHONE_PATTERN, max_length=20,
                                     error_messages={"invalid": PHONE_MESSAGE})
    reason = forms.CharField(label=_("推荐理由"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6}),
                             help_text=_("对照政治性、创新性、成效性三项标准说明"))
    unit_head_name = forms.CharField(label=_("推荐委室负责人"), max_length=30)
    unit_head_confirmed = forms.BooleanField(
        label=_("推荐委室负责人已审核并签字确认"),
        error_messages={"required": _("申报表须经推荐委室负责人签字确认后才能提交。")},
    )

    def __init__(self, *args, **kwargs):
        from tenants.structure.models import Unit

        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = category_list(active_only=True)
        self.fields["unit"].queryset = Unit.objects.order_by("order", "name")


class ReviewForm(forms.Form):
    political = forms.IntegerField(label=_("政治性"), min_value=SCORE_MIN, max_value=SCORE_MAX)
    innovative = forms.IntegerField(label=_("创新性"), min_value=SCORE_MIN, max_value=SCORE_MAX)
    effective = forms.IntegerField(label=_("成效性"), min_value=SCORE_MIN, max_value=SCORE_MAX)
    opinion = forms.CharField(label=_("评审意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("political", "innovative", "effective"):
            field = self.fields[name]
            field.help_text = _("%(min)s–%(max)s 分") % {"min": SCORE_MIN, "max": SCORE_MAX}
            field.error_messages["min_value"] = field.error_messages["max_value"] = _(
                "%(label)s得分须在 %(min)s 到 %(max)s 分之间。"
            ) % {"label": field.label, "min": SCORE_MIN, "max": SCORE_MAX}


ADVANCE_CHOICES = [
    (Stage.SHORTLISTED.value, _("初选入围")),
    (Stage.APPROVED.value, _("主席会审定")),
    (Stage.COMMENDED.value, _("表扬")),
    (Stage.REJECTED.value, _("未入选")),
]


class AdvanceForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("操作"), choices=ADVANCE_CHOICES)
    opinion = forms.CharField(
        label=_("意见"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("初选填初评意见，审定填主席会审议意见，未入选填理由"),
    )


class SharingForm(forms.Form):
    sharing = forms.ChoiceField(label=_("共享范围"), choices=Sharing.choices)
