"""Forms of the material pages (parse and check input; the services write)."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from documents.extraction import DEFAULT_MAX_BYTES
from shared.materials.models import Visibility
from ui.widgets import DataCheckboxSelectMultiple, DataSelect

ACCEPT = ".docx,.pdf,.txt,.md"


def _free_tags(value: str) -> list[str]:
    for separator in "，、,;；":
        value = value.replace(separator, " ")
    return [tag for tag in value.split() if tag]


class CommitteeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class MaterialFieldsForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    author = forms.CharField(label=_("署名"), max_length=120, required=False)
    # credit (shared.materials.credit): this committee, another one of the platform, or outside
    credited = CommitteeChoiceField(
        label=_("撰写单位"), queryset=None, required=False, empty_label=_("本会"), widget=DataSelect,
        help_text=_("署名其他政协时，须由该政协确认；确认前材料显示为本会上传的材料。"))
    outside_organisation = forms.CharField(
        label=_("平台外撰写单位"), max_length=120, required=False,
        help_text=_("撰写单位不在本平台时填写其名称（撰写单位一栏保持“本会”）。"))
    outside_region = forms.CharField(label=_("平台外单位所在地区"), max_length=60, required=False)
    document_date = forms.DateField(
        label=_("成文日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("留空时取交流会日期，或正文开头、末尾的落款日期。"))
    occasion = forms.ModelChoiceField(label=_("交流会"), queryset=None, required=False, empty_label=_("（无）"),
                                      widget=DataSelect)
    themes = forms.ModelMultipleChoiceField(
        label=_("主题"), queryset=None, required=False, widget=DataCheckboxSelectMultiple
    )
    free_tags = forms.CharField(label=_("其他标签"), required=False, max_length=200,
                                help_text=_("多个标签用空格或逗号分隔。"))
    visibility = forms.ChoiceField(label=_("公开范围"), choices=Visibility.choices, initial=Visibility.DRAFT)

    CREDIT_FIELDS = ("credited", "outside_organisation", "outside_region")

    def __init__(self, *args, themes=None, occasions=None, committees=None, credit_editable=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes.filter(is_listed=True)
        self.fields["occasion"].queryset = occasions
        if credit_editable:
            self.fields["credited"].queryset = committees
        else:  # only the uploader changes the credit
            for name in self.CREDIT_FIELDS:
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("credited") and (cleaned.get("outside_organisation") or "").strip():
            self.add_error("outside_organisation", _("已选择本平台的撰写单位时，不能再填写平台外单位。"))
        return cleaned

    def credit_arguments(self) -> dict:
        """The credit arguments of material_create / material_update, if the form has them."""
        if "credited" not in self.fields:
            return {}
        data = self.cleaned_data
        return {"credited_id": data["credited"].id if data.get("credited") else None,
                "outside_organisation": data.get("outside_organisation") or "",
                "outside_region": data.get("outside_region") or ""}

    def clean_free_tags(self) -> list[str]:
        return _free_tags(self.cleaned_data.get("free_tags") or "")


class MaterialUploadForm(MaterialFieldsForm):
    file = forms.FileField(label=_("文件"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                           help_text=_("支持 .docx、.pdf（含文字层）、.txt、.md，不超过 20 MB；也可直接粘贴正文。"))
    body = forms.CharField(label=_("正文"), required=False, widget=forms.Textarea(attrs={"rows": 14}))

    title = forms.CharField(label=_("标题"), max_length=200, required=False,
                            help_text=_("预览时默认取正文第一行，可修改。"))

    field_order = ["file", "title", "author", "credited", "outside_organisation", "outside_region", "occasion",
                   "document_date", "themes", "free_tags", "visibility", "body"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > DEFAULT_MAX_BYTES:
            raise forms.ValidationError(
                f"文件超过 {DEFAULT_MAX_BYTES // (1024 * 1024)} MB 上限，请压缩图片或拆分后上传。"
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not (cleaned.get("body") or "").strip():
            raise forms.ValidationError(_("请选择文件，或直接填写正文。"))
        return cleaned


class MaterialEditForm(MaterialFieldsForm):
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 16}))

    field_order = ["title", "author", "credited", "outside_organisation", "outside_region", "occasion",
                   "document_date", "themes", "free_tags", "visibility", "body"]


class ShareForm(forms.Form):
    visibility = forms.ChoiceField(label=_("公开范围"), choices=Visibility.choices)


class CompilationUploadForm(forms.Form):
    file = forms.FileField(label=_("汇编文件"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                           help_text=_("一本汇编，有无目录均可，如“经验交流会发言材料汇编”。"))
    title = forms.CharField(label=_("汇编名称"), max_length=200, required=False)
    occasion_name = forms.CharField(label=_("交流会名称"), max_length=120, required=False)
    occasion_date = forms.DateField(label=_("交流会日期"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    visibility = forms.ChoiceField(
        label=_("公开范围"), initial=Visibility.PROVINCE,
        choices=[(Visibility.PROVINCE, Visibility.PROVINCE.label), (Visibility.PLATFORM, Visibility.PLATFORM.label)],
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > DEFAULT_MAX_BYTES:
            raise forms.ValidationError(f"文件超过 {DEFAULT_MAX_BYTES // (1024 * 1024)} MB 上限。")
        return upload

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("occasion_name")) != bool(cleaned.get("occasion_date")):
            raise forms.ValidationError(_("交流会名称和日期请一并填写，或都不填。"))
        return cleaned


class CompilationBuildForm(forms.Form):
    title = forms.CharField(label=_("汇编名称"), max_length=200)
    occasion = forms.ModelChoiceField(label=_("交流会"), queryset=None, required=False, empty_label=_("（无）"),
                                      widget=DataSelect)

    def __init__(self, *args, occasions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occasion"].queryset = occasions
