from django import forms
from django.utils.translation import gettext_lazy as _


class MarkReadForm(forms.Form):
    """Which notifications to mark read: ``id`` given, that one; else all of this committee."""

    id = forms.IntegerField(required=False, min_value=1)


class PreferenceForm(forms.Form):
    email_enabled = forms.BooleanField(label=_("通过邮件接收通知"), required=False)


class InboxFilterForm(forms.Form):
    show = forms.ChoiceField(choices=[("all", _("全部")), ("unread", _("未读"))], required=False)

    def unread(self) -> bool | None:
        return True if self.is_valid() and self.cleaned_data.get("show") == "unread" else None
