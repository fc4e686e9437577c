"""Forms of the people pages (人员与账号): what an administrator types; the services check the rest."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.services import COMMITTEE_ROLES
from ui.widgets import DataSelect


def _int_choices(choices):
    return [("", "—")] + [(str(pk), label) for pk, label in choices]


class PersonForm(forms.Form):
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    email = forms.CharField(label=_("电子邮箱"), max_length=254, required=False)
    roles = forms.MultipleChoiceField(
        label=_("角色"), widget=forms.CheckboxSelectMultiple,
        choices=[(r.value, r.label) for r in COMMITTEE_ROLES],
        error_messages={"required": _("请至少选择一个角色。"),
                        "invalid_choice": _("本会管理员不能授予该角色。")},
    )
    unit_id = forms.TypedChoiceField(label=_("所在委室"), required=False, coerce=int, empty_value=None, widget=DataSelect,
                                     help_text=_("委室工作人员必填。"),
                                     error_messages={"invalid_choice": _("所选委室不存在。")})
    handling_unit_id = forms.TypedChoiceField(
        label=_("所在承办单位"), required=False, coerce=int, empty_value=None, widget=DataSelect,
        help_text=_("承办单位工作人员必填：只能查看和办理交给该单位的提案。"),
        error_messages={"invalid_choice": _("所选承办单位不存在或已停用。")})
    member_id = forms.TypedChoiceField(label=_("关联委员"), required=False, coerce=int, empty_value=None, widget=DataSelect,
                                       help_text=_("委员账号可关联本会的委员记录。"),
                                       error_messages={"invalid_choice": _("所选委员不存在，或已关联其他账号。")})

    def __init__(self, *args, units=(), members=(), handling_units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_id"].choices = _int_choices(units)
        self.fields["handling_unit_id"].choices = _int_choices(handling_units)
        self.fields["member_id"].choices = _int_choices(members)


class PersonCreateForm(PersonForm):
    username = forms.CharField(label=_("用户名"), max_length=150, help_text=_("登录用，创建后不能修改。"))

    field_order = ["username", "display_name", "email", "roles", "unit_id", "handling_unit_id", "member_id"]


ROLE_FILTER_CHOICES = [("", _("全部角色"))] + [(r.value, r.label) for r in COMMITTEE_ROLES]
__all__ = ["PersonCreateForm", "PersonForm", "ROLE_FILTER_CHOICES", "Role"]
