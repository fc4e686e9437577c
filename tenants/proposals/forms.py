"""Forms of the proposal pages: they parse; the services decide."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.proposals.models import Category, HandlingUnit, Origin, Outcome, Proposal, Satisfaction
from tenants.structure.models import Leader, Member
from ui.widgets import DataSelect, DataSelectMultiple


class DraftForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["title", "origin", "group_name", "category", "situation", "analysis", "suggestions"]
        widgets = {**{name: forms.Textarea(attrs={"rows": 5}) for name in ("situation", "analysis", "suggestions")},
                   "category": DataSelect}
        error_messages = {"title": {"required": _("请填写案由。")}, "suggestions": {"required": _("请填写具体建议。")}}

    def __init__(self, *args, member_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.all()
        self.fields["category"].required = False
        if member_only:
            self.fields["origin"].choices = [(Origin.MEMBER, Origin.MEMBER.label)]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("提案文件（.docx、.pdf 或 .txt）"),
                           error_messages={"required": _("请选择要导入的提案文件。")})


class InviteForm(forms.Form):
    members = forms.ModelMultipleChoiceField(label=_("邀请联名委员"), queryset=Member.objects.none(),
                                             widget=DataSelectMultiple(attrs={"size": 6}))

    def __init__(self, *args, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Member.objects.exclude(pk__in=list(exclude)).order_by("name")


class RespondForm(forms.Form):
    accept = forms.TypedChoiceField(coerce=lambda v: v == "1", choices=[("1", _("确认联名")), ("0", _("谢绝联名"))])


class SubmitForm(forms.Form):
    """Submitting takes no field: the draft is what is submitted."""


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("审查结果"), choices=[
        ("accept", _("立案")), ("decline", _("不予立案")), ("forward", _("转为意见建议")), ("merge", _("并案"))])
    category = forms.ModelChoiceField(label=_("分类"), queryset=Category.objects.all(), required=False,
                                      widget=DataSelect)
    into = forms.ModelChoiceField(label=_("并入提案"), queryset=Proposal.objects.none(), required=False,
                                  widget=DataSelect)
    reason = forms.CharField(label=_("审查意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, proposal: Proposal | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if proposal is not None:
            self.fields["into"].queryset = Proposal.objects.filter(
                year=proposal.year, status__in=["submitted", "accepted"]).exclude(pk=proposal.pk)


class KeyForm(forms.Form):
    is_key = forms.BooleanField(label=_("重点提案"), required=False)
    leader = forms.ModelChoiceField(label=_("领办领导"), queryset=Leader.objects.all(), required=False,
                                    widget=DataSelect)


class AssignForm(forms.Form):
    lead = forms.ModelChoiceField(label=_("主办单位"), queryset=HandlingUnit.objects.filter(is_active=True),
                                  required=False, widget=DataSelect)
    cooperating = forms.ModelMultipleChoiceField(
        label=_("协办单位"), queryset=HandlingUnit.objects.filter(is_active=True), required=False,
        widget=DataSelectMultiple(attrs={"size": 4}))
    split = forms.CharField(
        label=_("分办（每行一个：单位名称：负责内容）"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("分办时不选主办、协办，每行写一个承办单位及其负责的内容，如“交通运输局：公交线路调整”。"))

    def clean_split(self):
        rows = []
        for number, line in enumerate((self.cleaned_data.get("split") or "").splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            name, _sep, part = line.replace(":", "：").partition("：")
            unit = HandlingUnit.objects.filter(name=name.strip(), is_active=True).first()
            if unit is None:
                raise forms.ValidationError(_("第 %(n)d 行：没有名为“%(name)s”的承办单位。") % {"n": number, "name": name})
            rows.append((unit, part.strip()))
        return rows


class ChangeRequestForm(forms.Form):
    reason = forms.CharField(label=_("申请理由"), widget=forms.Textarea(attrs={"rows": 3}))
    suggested_unit = forms.CharField(label=_("建议承办单位"), required=False, max_length=100)


class ChangeDecideForm(forms.Form):
    grant = forms.TypedChoiceField(label=_("决定"), coerce=lambda v: v == "1",
                                   choices=[("1", _("同意调整")), ("0", _("不予调整"))])
    new_unit = forms.ModelChoiceField(label=_("改由承办单位"), queryset=HandlingUnit.objects.filter(is_active=True),
                                      required=False, widget=DataSelect)
    note = forms.CharField(label=_("决定意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    reply_number = forms.CharField(label=_("答复文号"), max_length=60, required=False)
    text = forms.CharField(label=_("答复内容"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    contact = forms.CharField(label=_("联系人及电话"), max_length=100, required=False)
    outcome = forms.ChoiceField(label=_("办理结果"), choices=[("", "—")] + list(Outcome.choices), required=False)


class CountersignForm(forms.Form):
    agree = forms.TypedChoiceField(label=_("会签"), coerce=lambda v: v == "1",
                                   choices=[("1", _("同意")), ("0", _("有不同意见"))])
    opinion = forms.CharField(label=_("会签意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(forms.Form):
    approve = forms.TypedChoiceField(label=_("审核"), coerce=lambda v: v == "1",
                                     choices=[("1", _("审核通过，答复提案人")), ("0", _("退回修改"))])
    note = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RatingForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("评价"), choices=Satisfaction.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HandlingUnitForm(forms.ModelForm):
    class Meta:
        model = HandlingUnit
        fields = ["name", "contact", "phone"]
