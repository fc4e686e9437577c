"""The duty-record form of a member's page: the item is chosen from the committee's plans."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.programmes import duty_selectors
from tenants.programmes.models import Item


class DutyRecordForm(forms.Form):
    """Date and text are read by the service (its messages); the item is one of the plans' items,
    offered grouped by plan and section with the plan's own numbers."""

    date = forms.CharField(label=_("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label=_("履职事项"), required=False, max_length=500)
    item = forms.ChoiceField(label=_("关联计划事项（可选）"), required=False, error_messages={
        "invalid_choice": _("没有这个事项，请填写事项编号或留空。"),
    })

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = duty_selectors.item_choice_groups()
        self.fields["item"].choices = [("", _("不关联事项"))] + [
            (group.label, [(str(pk), label) for pk, label in group.options]) for group in self.groups]

    def clean_item(self) -> Item | None:
        value = self.cleaned_data.get("item")
        if not value:
            return None
        item = Item.objects.select_related("programme", "section").filter(pk=value).first()
        if item is None:
            raise forms.ValidationError(self.fields["item"].error_messages["invalid_choice"])
        return item
