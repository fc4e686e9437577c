from django import forms
from django.utils.translation import gettext_lazy as _

from tenancy.models import SLUG_MESSAGE, SLUG_PATTERN, Level, Organisation
from ui.widgets import DataSelect


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("全称"), max_length=100, help_text=_("如：政协资阳市委员会"))
    short_name = forms.CharField(label=_("简称"), max_length=30, help_text=_("如：资阳"))
    level = forms.ChoiceField(
        label=_("层级"), choices=[(l.value, l.label) for l in (Level.PROVINCE, Level.CITY, Level.COUNTY)]
    )
    region_code = forms.RegexField(
        label=_("行政区划代码"), regex=r"^[1-9]\d{5}$",
        error_messages={"invalid": _("行政区划代码应为 6 位数字（GB/T 2260），例如 512000。")},
    )
    slug = forms.RegexField(
        label=_("标识"), regex=SLUG_PATTERN,
        help_text=_("用于网址和数据库模式，如 ziyang"),
        error_messages={"invalid": SLUG_MESSAGE},
    )
    parent = forms.ModelChoiceField(
        label=_("上级组织"), queryset=Organisation.objects.none(), required=False, widget=DataSelect
    )
    population = forms.IntegerField(label=_("常住人口"), min_value=0, required=False)

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if parents is not None:
            self.fields["parent"].queryset = parents

    # the first administrator: from then on the committee manages its own people (人员与账号)
    admin_username = forms.CharField(label=_("管理员用户名"), max_length=150,
                                     help_text=_("本会第一位管理员的登录名，如 ziyang_admin"))
    admin_display_name = forms.CharField(label=_("管理员姓名"), max_length=50)
    admin_email = forms.EmailField(label=_("管理员电子邮箱"), required=False,
                                   error_messages={"invalid": _("请填写有效的电子邮箱。")})
