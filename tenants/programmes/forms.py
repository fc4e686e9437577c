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
from tenants.programmes.selectors import ItemAssignment, current_quarter
from tenants.programmes.services import month_parse, parse_year
from tenants.programmes.work_points import WorkPointsImportError
from tenants.structure.models import Leader, Unit
from ui.widgets import DataSelect, DataSelectMultiple

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
    """The month a report page shows (``?month=2024-03``): ``default`` (the month that is due,
    ``selectors.report_month_due``) when it is missing or wrong, else this month."""

    month = MonthField(required=False)

    def shown(self, default: dt.date | None = None) -> dt.date:
        if self.is_valid() and self.cleaned_data["month"] is not None:
            return self.cleaned_data["month"]
        return default or timezone.localdate().replace(day=1)


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


# ---------------------------------------------------------------------------
# The plan page: sections and items edited, moved, removed, assigned in bulk
# ---------------------------------------------------------------------------

NO_SUCH_UNIT = _("所选委室不存在，请重新选择。")
NO_SUCH_LEADER = _("所选领导不存在，请重新选择。")
NO_SUCH_SECTION = _("所选部分不在本计划中，请重新选择。")


def _unit_field(**kwargs) -> forms.ModelChoiceField:
    kwargs.setdefault("widget", DataSelect)
    return forms.ModelChoiceField(queryset=Unit.objects.all(), required=False, error_messages={
        "invalid_choice": NO_SUCH_UNIT, "invalid_pk_value": NO_SUCH_UNIT}, **kwargs)


def _units_field(**kwargs) -> forms.ModelMultipleChoiceField:
    kwargs.setdefault("widget", DataSelectMultiple)
    return forms.ModelMultipleChoiceField(queryset=Unit.objects.all(), required=False, error_messages={
        "invalid_choice": NO_SUCH_UNIT, "invalid_pk_value": NO_SUCH_UNIT, "invalid_list": NO_SUCH_UNIT}, **kwargs)


def _leader_field(**kwargs) -> forms.ModelChoiceField:
    kwargs.setdefault("widget", DataSelect)
    return forms.ModelChoiceField(queryset=Leader.objects.all(), required=False, error_messages={
        "invalid_choice": NO_SUCH_LEADER, "invalid_pk_value": NO_SUCH_LEADER}, **kwargs)


class ProgrammeForm(forms.Form):
    """A plan's title, description and period; the service checks the years against its targets."""

    title = forms.CharField(required=False, max_length=200, error_messages={"max_length": _("名称不能超过 200 个字。")})
    description = forms.CharField(required=False)
    start_year = YearField(year_label="起始年度")
    end_year = YearField(year_label="结束年度")

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError(_("请填写计划名称。"))
        return title


class SectionForm(forms.Form):
    """A section's heading and introduction; the service requires the heading."""

    heading = forms.CharField(required=False, max_length=300,
                              error_messages={"max_length": _("部分标题不能超过 300 个字。")})
    intro = forms.CharField(required=False)


CHOOSE_DIRECTION = _("请选择上移或下移。")


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("上移")), ("down", _("下移"))], error_messages={
        "required": CHOOSE_DIRECTION, "invalid_choice": CHOOSE_DIRECTION})


class ItemForm(forms.Form):
    """An item of the plan: what it is, who does it, its years. The service checks title and period."""

    title = forms.CharField(required=False, max_length=300,
                            error_messages={"max_length": _("事项标题不能超过 300 个字。")})
    description = forms.CharField(required=False)
    section = forms.ModelChoiceField(queryset=None, required=False, widget=DataSelect, error_messages={
        "invalid_choice": NO_SUCH_SECTION, "invalid_pk_value": NO_SUCH_SECTION})
    lead_unit = _unit_field()
    cooperating_units = _units_field()
    responsible_leader = _leader_field()
    responsibility_note = forms.CharField(required=False, max_length=200,
                                          error_messages={"max_length": _("责任说明不能超过 200 个字。")})
    start_year = YearField(required=False, year_label="起始年度")
    end_year = YearField(required=False, year_label="结束年度")

    def __init__(self, *args, programme, **kwargs):
        kwargs.setdefault("auto_id", False)  # several of these forms share the plan page
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = programme.sections.order_by("number", "id")
        self.fields["section"].label_from_instance = lambda s: f"{s.numeral}、{s.heading}"
        for name in ("section", "lead_unit", "responsible_leader"):
            self.fields[name].empty_label = "—"
        self.fields["description"].widget = forms.Textarea(attrs={"rows": 3})
        self.fields["cooperating_units"].widget.attrs["size"] = 4
        for name in ("start_year", "end_year"):
            self.fields[name].widget = forms.NumberInput(attrs={"min": programme.start_year, "max": programme.end_year})

    @classmethod
    def initial_of(cls, item: Item) -> dict:
        return {
            "title": item.title, "description": item.description, "section": item.section_id,
            "lead_unit": item.lead_unit_id, "cooperating_units": [u.pk for u in item.cooperating_units.all()],
            "responsible_leader": item.responsible_leader_id, "responsibility_note": item.responsibility_note,
            "start_year": item.start_year, "end_year": item.end_year,
        }

    def changes(self) -> dict:
        """The item fields as ``services.item_update`` takes them (cooperating units apart)."""
        data = dict(self.cleaned_data)
        data.pop("cooperating_units")
        return data


class MilestonesForm(forms.Form):
    """An item's yearly milestones, one ``milestone_<year>`` text per year of its period (blank removes)."""

    def __init__(self, *args, item: Item, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(range(item.first_year, item.last_year + 1))
        for year in self.years:
            self.fields[f"milestone_{year}"] = forms.CharField(required=False)

    def texts(self) -> dict[int, str]:
        return {year: self.cleaned_data.get(f"milestone_{year}", "").strip() for year in self.years}


class BulkAssignForm(forms.Form):
    """The items ticked on the plan page, and the lead unit, leader and/or cooperating units to give
    them ("" or no unit ticked keeps each)."""

    items = forms.ModelMultipleChoiceField(queryset=None, error_messages={
        "required": _("请先勾选要分配的事项。"), "invalid_choice": _("所选事项不在本计划中。"),
        "invalid_pk_value": _("所选事项不在本计划中。"), "invalid_list": _("请先勾选要分配的事项。")})
    lead_unit = _unit_field()
    responsible_leader = _leader_field()
    cooperating_units = _units_field()

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = programme.items.all()

    def assignment(self) -> dict:
        """``services.items_assign`` keywords: only what was chosen."""
        chosen = {}
        for name in ("lead_unit", "responsible_leader"):
            if self.cleaned_data.get(name) is not None:
                chosen[name] = self.cleaned_data[name]
        if self.cleaned_data.get("cooperating_units"):
            chosen["cooperating_units"] = list(self.cleaned_data["cooperating_units"])
        return chosen


#: "review" is the form's default button (Enter in a field): the preview again with what was typed,
#: nothing assigned in bulk and nothing imported
IMPORT_ACTIONS = [("confirm", _("确认导入")), ("assign", _("分配到勾选的事项")), ("review", _("更新预览"))]


class ImportAssignForm(forms.Form):
    """Who does each item of the previewed document (``lead_<n>``, ``coop_<n>``, ``leader_<n>`` for
    the n-th item), and a lead unit and leader given at once to the ticked items (``pick``)."""

    action = forms.ChoiceField(choices=IMPORT_ACTIONS, required=False,
                               error_messages={"invalid_choice": _("请选择要进行的操作。")})
    pick = forms.TypedMultipleChoiceField(coerce=int, required=False, error_messages={
        "invalid_choice": _("所选事项不在预览中，请重新上传文件。")})
    bulk_lead = _unit_field()
    bulk_leader = _leader_field()

    def __init__(self, *args, draft, **kwargs):
        super().__init__(*args, **kwargs)
        self.count = len(draft.items)
        self.fields["pick"].choices = [(n, n) for n in range(self.count)]
        for n in range(self.count):
            self.fields[f"lead_{n}"] = _unit_field()
            self.fields[f"coop_{n}"] = _units_field()
            self.fields[f"leader_{n}"] = _leader_field()

    def assigns(self) -> bool:
        return self.cleaned_data.get("action") == "assign"

    def confirms(self) -> bool:
        """Write the plan: the confirm button (or a client that names no action)."""
        return self.cleaned_data.get("action") in ("confirm", "", None)

    def clean(self):
        cleaned = super().clean()
        if self.assigns() and not self.errors:
            if not cleaned.get("pick"):
                self.add_error("pick", _("请先勾选要分配的事项。"))
            elif cleaned.get("bulk_lead") is None and cleaned.get("bulk_leader") is None:
                self.add_error("bulk_lead", _("请选择要分配的牵头委室或责任领导。"))
        return cleaned

    def assignments(self) -> list[ItemAssignment]:
        """One ItemAssignment per item, the bulk choice applied to the ticked ones."""
        picked = set(self.cleaned_data.get("pick") or []) if self.assigns() else set()
        result = []
        for n in range(self.count):
            lead = self.cleaned_data.get(f"lead_{n}")
            leader = self.cleaned_data.get(f"leader_{n}")
            if n in picked:
                lead = self.cleaned_data.get("bulk_lead") or lead
                leader = self.cleaned_data.get("bulk_leader") or leader
            coop = [u for u in self.cleaned_data.get(f"coop_{n}") or [] if u != lead]
            result.append(ItemAssignment(lead_unit=lead, cooperating_units=coop, responsible_leader=leader))
        return result
