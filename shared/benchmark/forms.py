"""Forms of the 比学赶超 pages: they read what a page sends; selectors and services decide.

Query forms (league table, trends, the period of the report page) never refuse a page: an id or
a choice that is missing or wrong is simply not chosen, and the selectors fall back to their
defaults. Forms that write say what is wrong.
"""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from documents.extraction import DEFAULT_MAX_BYTES
from ui.htmx import int_or_none

from .composite import AGGREGATIONS, MISSING_RULES, NORMALISATIONS
from .models import AppliesTo, Basis, Direction, Period, ValueType

#: the largest id a page may name (PostgreSQL integer)
ID_MAX = 2**31 - 1
METHOD_FIELDS = ("normalisation", "aggregation", "missing")


def _id_field() -> forms.IntegerField:
    return forms.IntegerField(required=False, min_value=1, max_value=ID_MAX)


def _choice_field(values) -> forms.ChoiceField:
    return forms.ChoiceField(required=False, choices=[(v, v) for v in values],
                             error_messages={"invalid_choice": _("计算方法的选项无效。")})


class QueryForm(forms.Form):
    """A form that never refuses: ``chosen(name)`` is the field's value, or None when it is wrong."""

    def chosen(self, name: str):
        self.is_valid()
        return self.cleaned_data.get(name)


class MethodFieldsMixin(forms.Form):
    normalisation = _choice_field(NORMALISATIONS)
    aggregation = _choice_field(AGGREGATIONS)
    missing = _choice_field(MISSING_RULES)

    def method_params(self) -> dict[str, str]:
        """The method options chosen (for ``selectors.method_from``); a wrong one is left out."""
        self.is_valid()
        return {name: self.cleaned_data[name] for name in METHOD_FIELDS if self.cleaned_data.get(name)}


class LeagueQueryForm(MethodFieldsMixin, QueryForm):
    """``?group=&period=&indicator=&normalisation=&aggregation=&missing=`` of the league pages."""

    group = _id_field()
    period = _id_field()
    indicator = _id_field()


class TrendsQueryForm(QueryForm):
    organisation = _id_field()
    kind = forms.ChoiceField(required=False, choices=[("year", _("年度")), ("quarter", _("季度"))])

    def kind_chosen(self) -> str:
        return self.chosen("kind") or "year"


class PeriodQueryForm(QueryForm):
    """The period the report pages work on (posted with the form, or in the address)."""

    period = _id_field()


class ReportValuesForm(forms.Form):
    """The report page: ``value_<indicator id>`` and ``comment_<indicator id>`` per indicator, draft or submit."""

    action = forms.ChoiceField(required=False, choices=[("submit", _("提交审核")), ("draft", _("保存草稿"))],
                               error_messages={"invalid_choice": _("请选择提交审核或保存草稿。")})

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"value_{indicator.pk}"] = forms.CharField(required=False, strip=False)
            self.fields[f"comment_{indicator.pk}"] = forms.CharField(required=False, strip=False)

    def entries(self) -> list[tuple[int, str, str]]:
        """(indicator id, value, comment) of every value typed."""
        return [
            (i.pk, self.cleaned_data[f"value_{i.pk}"], self.cleaned_data[f"comment_{i.pk}"])
            for i in self.indicators if self.cleaned_data[f"value_{i.pk}"].strip()
        ]

    def submits(self) -> bool:
        return self.cleaned_data.get("action") != "draft"

    def typed(self, indicator_id: int) -> tuple[str, str]:
        return (self[f"value_{indicator_id}"].value() or "", self[f"comment_{indicator_id}"].value() or "")

    def cell_errors_add(self, error: ValidationError) -> None:
        """The service's messages by indicator id, each on its indicator's value."""
        for key, messages in error.message_dict.items():
            name = f"value_{key}"
            self.add_error(name if name in self.fields else None, messages)

    def cell_errors(self, indicator_id: int) -> list[str]:
        return [*self.errors.get(f"value_{indicator_id}", []), *self.errors.get(f"comment_{indicator_id}", [])]

    def other_errors(self) -> list[str]:
        """The messages that belong to no indicator's cell."""
        return [m for name, messages in self.errors.items() if not name.startswith(("value_", "comment_"))
                for m in messages]


class ReportUploadForm(forms.Form):
    """A filled template to check (preview), or ``confirm=1`` to save the sheet previewed."""

    confirm = forms.BooleanField(required=False)
    file = forms.FileField(required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > DEFAULT_MAX_BYTES:
            raise ValidationError(
                _("文件超过 %(mb)d MB 上限，请使用下载的模板。") % {"mb": DEFAULT_MAX_BYTES // (1024 * 1024)}
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("confirm") and "file" in cleaned and cleaned["file"] is None:
            raise ValidationError(_("请选择要上传的 .xlsx 文件。"))
        return cleaned


class IdListField(forms.Field):
    """Every id posted under one name (checkboxes); ``drop_invalid`` skips what is not an id."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("所选的项目无效，请刷新页面后重新选择。")}

    def __init__(self, *, drop_invalid: bool = False, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.drop_invalid = drop_invalid

    def to_python(self, value) -> list[int]:
        ids = []
        for raw in value if isinstance(value, (list, tuple)) else [value] if value else []:
            number = int_or_none(raw)
            if number is None or not 0 < number <= ID_MAX:
                if self.drop_invalid:
                    continue
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            ids.append(number)
        return ids


CHOOSE_REVIEW = _("请选择“采纳”或“退回”。")


class ValuesReviewForm(forms.Form):
    value = IdListField()
    action = forms.ChoiceField(choices=[("accept", _("采纳")), ("return", _("退回"))],
                               error_messages={"required": CHOOSE_REVIEW, "invalid_choice": CHOOSE_REVIEW})
    note = forms.CharField(required=False)


class PublishForm(MethodFieldsMixin):
    period = forms.ModelChoiceField(queryset=Period.objects.all(), error_messages={
        "required": _("请选择统计期。"), "invalid_choice": _("请选择统计期。"),
    })
    #: "publish anyway": the officer has seen the completeness check (the service asks for it when values are missing)
    confirm = forms.BooleanField(required=False)


def _computed_choices() -> list[tuple[str, str]]:
    """Typed by each committee, or one of the sources the apps registered (shared.benchmark.computed)."""
    from .computed import computed_source_choices

    return [("", _("由政协填报")), *computed_source_choices()]


def _choice(choices, message) -> forms.ChoiceField:
    return forms.ChoiceField(choices=choices, error_messages={"required": message, "invalid_choice": message})


class IndicatorRetireForm(forms.Form):
    """``action=retire`` or ``restore`` on an indicator's page (anything else is the edit form's)."""

    action = forms.ChoiceField(choices=[("retire", _("停用")), ("restore", _("恢复启用"))])

    def chosen_action(self) -> str | None:
        return self.cleaned_data["action"] if self.is_valid() else None


class IndicatorForm(forms.Form):
    """An indicator of the province's catalogue as the officer types it; the service checks the numbers.

    ``action``: save, or preview (what the weight would do to the next computation, saving nothing).
    """

    action = forms.ChoiceField(required=False, choices=[("save", _("保存")), ("preview", _("预览权重影响"))],
                               error_messages={"invalid_choice": _("请选择要进行的操作。")})
    name = forms.CharField(required=False, max_length=60,
                           error_messages={"max_length": _("指标名称不能超过 60 个字。")})
    unit = forms.CharField(required=False, max_length=20, error_messages={"max_length": _("单位不能超过 20 个字。")})
    definition = forms.CharField(required=False, max_length=2000, widget=forms.Textarea,
                                 error_messages={"max_length": _("定义不能超过 2000 个字。")})
    value_type = _choice(ValueType.choices, _("请选择数值类型。"))
    direction = _choice(Direction.choices, _("请选择方向。"))
    applies_to = _choice(AppliesTo.choices, _("请选择适用层级。"))
    basis = _choice(Basis.choices, _("请选择标准化基数。"))
    weight = forms.CharField(required=False, max_length=30, error_messages={"max_length": _("权重不是数字。")})
    min_value = forms.CharField(required=False, max_length=30, error_messages={"max_length": _("下限不是数字。")})
    max_value = forms.CharField(required=False, max_length=30, error_messages={"max_length": _("上限不是数字。")})
    search_terms = forms.CharField(required=False, max_length=100,
                                   error_messages={"max_length": _("检索词不能超过 100 个字。")})
    computed_source = forms.ChoiceField(required=False, choices=_computed_choices,
                                        error_messages={"invalid_choice": _("没有这个计算来源。")})

    FIELDS = ("name", "unit", "definition", "value_type", "direction", "applies_to", "basis", "weight",
              "min_value", "max_value", "search_terms", "computed_source")

    def chosen_action(self) -> str:
        return self.cleaned_data.get("action") or "save"

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in self.FIELDS}

    @classmethod
    def initial_of(cls, indicator) -> dict:
        """What the form shows of a saved indicator (numbers as people write them)."""
        def plain(number):
            if number is None:
                return ""
            return format(number.normalize(), "f") if hasattr(number, "normalize") else f"{number:g}"

        return {
            "name": indicator.name, "unit": indicator.unit, "definition": indicator.definition,
            "value_type": indicator.value_type, "direction": indicator.direction,
            "applies_to": indicator.applies_to, "basis": indicator.basis, "weight": plain(indicator.weight),
            "min_value": plain(indicator.min_value), "max_value": plain(indicator.max_value),
            "search_terms": indicator.search_terms, "computed_source": indicator.computed_source,
        }


class PeerGroupForm(forms.Form):
    """A custom peer group: its name and members (the service checks both), or ``action=delete``.

    Members that are not ids are skipped: the service then says how many committees are missing.
    """

    action = forms.ChoiceField(required=False, choices=[("save", _("保存")), ("delete", _("删除"))],
                               error_messages={"invalid_choice": _("请选择要进行的操作。")})
    name = forms.CharField(required=False)
    members = IdListField(drop_invalid=True)

    def deletes(self) -> bool:
        return self.cleaned_data.get("action") == "delete"
