"""Form widgets of every page.

A choice between records (units, leaders, members) lists their names, which are data: the
options of ``DataSelect`` and ``DataSelectMultiple`` (the labels of ``DataCheckboxSelectMultiple``) carry translate="no" (the empty choice,
a translated prompt, does not), so an English page tells its own words from the names.
"""
from django import forms


class _DataOptions:
    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        if value not in (None, ""):
            option["attrs"] = {**option["attrs"], "translate": "no"}
        return option


class DataSelect(_DataOptions, forms.Select):
    pass


class DataSelectMultiple(_DataOptions, forms.SelectMultiple):
    pass


class DataCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Check boxes whose labels are names (themes, committees): each label carries translate="no"."""

    option_template_name = "ui/widgets/data_option.html"
