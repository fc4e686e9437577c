"""Forms of the programme pages: they read what a page sends; the services decide and save.

Numbers, years and months are read with the services' own readers (``services.values``), so a
page says the same thing as the service when a year or a month is wrong. Text the services
check themselves (an empty progress, an unknown status) is passed through as typed.
"""
from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.programmes import imports
from tenants.programmes.models import Criterion, Item
from tenants.programmes.selectors import current_quarter
from tenants.programmes.services import month_parse, parse_year
from tenants.programmes.work_points import WorkPointsImportError
from tenants.structure.models import Unit

#: the largest id a page may name (PostgreSQL integer)
ID_MAX = 2**31 - 1


def _id_field(message, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(min_value=1, max_value=ID_MAX, error_messages={
        key: message for key in ("required", "invalid", "min_value", "max_value")
    }, **kwargs)


class YearField(forms.Field):
    """A year as the services read it (``parse_year``: their message for "20x2" or 99999)."""

    def __init__(self, *, year_label: str = "年度", **kwargs):
        super().__init__(**kwargs)
        self.year_label = year_label

    def to_python(self, value) -> int | None:
        if value in self.empty_values and not self.required:
            return None
        return parse_year(value, label=self.year_label)


class MonthField(forms.Field):
    """A month typed as YYYY-MM, read as its first day (``month_parse``)."""

    def to_python(self, value) -> dt.date | None:
        if value in self.empty_values:
            return None
        try:
            return month_parse(value)
        except ValidationError as error:
            raise ValidationError(error.messages) from None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Every file posted under one name (``<input type="file" multiple>``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None) -> list:
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(upload, initial) for upload in files]


class TextListField(forms.Field):
    """Every value posted under one name (an input repeated down a page), stripped."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        if not isinstance(value, (list, tuple)):
            value = [value]
        return [str(v).strip() for v in value]


class InstantiateForm(forms.Form):
    """A programme from a library template (the row's form on the programmes home page)."""

    template = _id_field(_("模板编号无效。"))
    start_year = YearField(year_label="起始年度")
    title = forms.CharField(required=False)


class TargetForm(forms.Form):
    """An item's yearly target; the service checks the indicator, the year's range and the value."""

    indicator = forms.CharField(required=False, max_length=100)
    year = YearField()
    value = forms.CharField(required=False)
    unit_of_measure = forms.CharField(required=False, max_length=20)


class MonthForm(forms.Form):
    """The month a report page shows (``?month=2024-03``): this month when it is missing or wrong."""

    month = MonthField(required=False)

    def shown(self) -> dt.date:
        if self.is_valid() and self.cleaned_data["month"] is not None:
            return self.cleaned_data["month"]
        return timezone.localdate().replace(day=1)


class ReportForm(forms.Form):
    """月报: progress, status, one ``value_<target id>`` per target of the month's year, attachments.

    The month, progress and status are passed as typed: the service refuses a person who may not
    file before it looks at them.
    """

    month = forms.CharField(required=False)
    progress = forms.CharField(required=False, strip=False)
    status = forms.CharField(required=False)
    attachments = MultipleFileField(required=False)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        for target in self.targets:
            self.fields[f"value_{target.pk}"] = forms.CharField(required=False)

    def values(self) -> dict[int, str]:
        return {t.pk: self.cleaned_data.get(f"value_{t.pk}", "") for t in self.targets}

    def typed(self) -> tuple[dict, dict[int, str]]:
        """What was typed, to show again: (progress and status, value by target id)."""
        data = {"progress": self["progress"].value() or "", "status": self["status"].value() or ""}
        return data, {t.pk: self[f"value_{t.pk}"].value() or "" for t in self.targets}


CHOOSE_REVIEW = _("请选择“采纳”或“退回”。")


class ReportReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("accept", _("采纳")), ("return", _("退回"))],
                               error_messages={"required": CHOOSE_REVIEW, "invalid_choice": CHOOSE_REVIEW})
    comment = forms.CharField(required=False)


class QuarterForm(forms.Form):
    """The quarter a showcase shows (``?year=2024&quarter=2``): the current one when either is wrong."""

    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(required=False, coerce=int, empty_value=None,
                                     choices=[(q, q) for q in (1, 2, 3, 4)])

    def year_quarter(self) -> tuple[int, int]:
        year, quarter = current_quarter()
        if not self.is_valid():
            return year, quarter
        return self.cleaned_data["year"] or year, self.cleaned_data["quarter"] or quarter


class AppraisalCreateForm(forms.Form):
    """A year's appraisal; the criterion inputs repeat (name, weight, source), blank names are skipped."""

    year = YearField()
    title = forms.CharField(required=False, max_length=200)
    criterion_name = TextListField(required=False)
    criterion_weight = TextListField(required=False)
    criterion_source = TextListField(required=False)

    def clean_criterion_source(self) -> list[str]:
        sources = self.cleaned_data["criterion_source"]
        if any(s and s not in Criterion.Source.values for s in sources):
            raise ValidationError(_("计分方式无效。"))
        return sources

    def criteria(self) -> list[dict] | None:
        """The criteria typed, or None for the default ones."""
        names, weights = self.cleaned_data["criterion_name"], self.cleaned_data["criterion_weight"]
        sources = self.cleaned_data.get("criterion_source", []) + [""] * len(names)
        return [
            {"name": name, "weight": weight, "source": source or Criterion.Source.MANUAL}
            for name, weight, source in zip(names, weights, sources) if name
        ] or None


APPRAISAL_ACTIONS = [("compute", _("计算自动评分")), ("score", _("保存"))]


class AppraisalActionForm(forms.Form):
    """What an appraisal page's POST asks: compute the automatic scores, or set one score (the default)."""

    action = forms.ChoiceField(choices=APPRAISAL_ACTIONS, required=False,
                               error_messages={"invalid_choice": _("请选择要进行的操作。")})

    def computes(self) -> bool:
        return self.cleaned_data.get("action") == "compute"


BAD_SCORE_TARGET = _("评比项或委室无效。")


class UnitScoreForm(forms.Form):
    criterion = forms.ModelChoiceField(queryset=Criterion.objects.none(), error_messages={
        "required": BAD_SCORE_TARGET, "invalid_choice": BAD_SCORE_TARGET,
    })
    unit = forms.ModelChoiceField(queryset=None, error_messages={
        "required": BAD_SCORE_TARGET, "invalid_choice": BAD_SCORE_TARGET,
    })
    score = forms.CharField(required=False)

    def __init__(self, *args, appraisal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = appraisal.criteria.all()
        self.fields["unit"].queryset = Unit.objects.all()


class ImportUploadForm(forms.Form):
    """Step 1 of a work-points import: the file, read into a draft (nothing is saved)."""

    file = forms.FileField(required=False)
    year = YearField(required=False)

    def clean(self):
        cleaned = super().clean()
        if "file" in cleaned:
            try:
                cleaned["draft"] = imports.draft_from_upload(cleaned["file"])
            except WorkPointsImportError as error:
                self.add_error("file", error.message)
        return cleaned


class ImportConfirmForm(forms.Form):
    """Step 2: the previewed draft (signed token) written as a plan of the year."""

    token = forms.CharField(required=False)
    year = YearField()
    title = forms.CharField(required=False)

    def clean_token(self):
        try:
            return imports.draft_unsign(self.cleaned_data["token"])
        except WorkPointsImportError as error:
            raise ValidationError(error.message) from None


class DutyRecordForm(forms.Form):
    """A member's duty record; the service reads the date and checks the text."""

    date = forms.CharField(required=False)
    text = forms.CharField(required=False)
    item = forms.ModelChoiceField(queryset=Item.objects.all(), required=False, error_messages={
        "invalid_choice": _("没有这个事项，请填写事项编号或留空。"),
    })
