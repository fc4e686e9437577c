"""Forms of the report pages: they parse; the services decide."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.opinions.models import Level, OpinionReport, Origin
from tenants.structure.models import Sector, Unit

DATE = forms.DateInput(attrs={"type": "date"})


class SubmitForm(forms.Form):
    origin = forms.ChoiceField(label=_("报送者"), choices=Origin.choices)
    # the options are the committee's own names (data)
    unit = forms.ModelChoiceField(label=_("委室"), queryset=Unit.objects.none(), required=False,
                                  widget=forms.Select(attrs={"translate": "no"}))
    sector = forms.ModelChoiceField(label=_("界别"), queryset=Sector.objects.none(), required=False,
                                    widget=forms.Select(attrs={"translate": "no"}))
    title = forms.CharField(label=_("标题"), max_length=200, error_messages={"required": _("请填写标题。")})
    situation = forms.CharField(label=_("基本情况"), widget=forms.Textarea(attrs={"rows": 5}),
                                error_messages={"required": _("请填写基本情况。")})
    views = forms.CharField(label=_("群众意见"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    suggestions = forms.CharField(label=_("意见建议"), widget=forms.Textarea(attrs={"rows": 4}),
                                  error_messages={"required": _("请填写意见建议。")})
    attachment = forms.FileField(label=_("附件（可选）"), required=False)

    def __init__(self, *args, who=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if who is not None and who.member_id is not None:
            choices.append((Origin.MEMBER, Origin.MEMBER.label))
        if who is not None and (who.unit_ids or who.is_office):
            choices.append((Origin.UNIT, Origin.UNIT.label))
            self.fields["unit"].queryset = Unit.objects.all() if who.is_office else Unit.objects.filter(
                pk__in=who.unit_ids)
        if who is not None and (who.member_id is not None or who.is_office):
            choices.append((Origin.SECTOR, _("界别小组")))
            self.fields["sector"].queryset = Sector.objects.all()
        self.fields["origin"].choices = choices


class EditForm(forms.ModelForm):
    note = forms.CharField(label=_("编辑说明"), max_length=200, required=False)

    class Meta:
        model = OpinionReport
        fields = ["title", "situation", "views", "suggestions"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in ("situation", "views", "suggestions")}
        error_messages = {"title": {"required": _("请填写标题。")}, "situation": {"required": _("请填写基本情况。")},
                          "suggestions": {"required": _("请填写意见建议。")}}


class DecideForm(forms.Form):
    use = forms.TypedChoiceField(label=_("处理结果"), coerce=lambda v: v == "1",
                                 choices=[("1", _("采用")), ("0", _("不采用"))], widget=forms.RadioSelect,
                                 error_messages={"required": _("请选择采用或不采用。")})
    reason = forms.CharField(label=_("不采用理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ForwardForm(forms.Form):
    to_province = forms.BooleanField(label=_("报送省政协"), required=False)
    to_national = forms.BooleanField(label=_("报送全国政协"), required=False)


class AdoptionForm(forms.Form):
    adopted_on = forms.DateField(label=_("全国政协采用日期"), widget=DATE,
                                 error_messages={"required": _("请填写日期。"), "invalid": _("请填写有效的日期。")})
    issue = forms.CharField(label=_("刊物期号"), max_length=50, required=False)


class InstructionForm(forms.Form):
    leader = forms.CharField(label=_("批示领导（姓名及职务）"), max_length=60,
                             error_messages={"required": _("请填写批示领导的姓名和职务。")})
    level = forms.ChoiceField(label=_("领导层级"), choices=Level.choices)
    instructed_on = forms.DateField(label=_("批示日期"), widget=DATE,
                                    error_messages={"required": _("请填写日期。"), "invalid": _("请填写有效的日期。")})
    text = forms.CharField(label=_("批示内容"), widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("请填写批示内容。")})
