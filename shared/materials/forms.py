"""Forms of the material pages (parse and check input; the services write)."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from documents.extraction import DEFAULT_MAX_BYTES
from shared.materials.models import Visibility

ACCEPT = ".docx,.pdf,.txt,.md"


def _free_tags(value: str) -> list[str]:
    for separator in "，、,;；":
        value = value.replace(separator, " ")
    return [tag for tag in value.split() if tag]


class MaterialFieldsForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    author = forms.CharField(label=_("署名"), max_length=120, required=False)
    occasion = forms.ModelChoiceField(label=_("交流会"), queryset=None, required=False, empty_label=_("（无）"))
    themes = forms.ModelMultipleChoiceField(
        label=_("主题"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    free_tags = forms.CharField(label=_("其他标签"), required=False, max_length=200,
                                help_text=_("多个标签用空格或逗号分隔。"))
    visibility = forms.ChoiceField(label=_("公开范围"), choices=Visibility.choices, initial=Visibility.DRAFT)

    def __init__(self, *args, themes=None, occasions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes.filter(is_listed=True)
        self.fields["occasion"].queryset = occasions

    def clean_free_tags(self) -> list[str]:
        return _free_tags(self.cleaned_data.get("free_tags") or "")


class MaterialUploadForm(MaterialFieldsForm):
    file = forms.FileField(label=_("文件"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                           help_text=_("支持 .docx、.pdf（含文字层）、.txt、.md，不超过 20 MB；也可直接粘贴正文。"))
    body = forms.CharField(label=_("正文"), required=False, widget=forms.Textarea(attrs={"rows": 14}))

    title = forms.CharField(label=_("标题"), max_length=200, required=False,
                            help_text=_("预览时默认取正文第一行，可修改。"))

    field_order = ["file", "title", "author", "occasion", "themes", "free_tags", "visibility", "body"]

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


class ShareForm(forms.Form):
    visibility = forms.ChoiceField(label=_("公开范围"), choices=Visibility.choices)


class CompilationUploadForm(forms.Form):
    file = forms.FileField(label=_("汇编文件"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                           help_text=_("带目录的汇编，如“经验交流会发言材料汇编”。"))
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
    occasion = forms.ModelChoiceField(label=_("交流会"), queryset=None, required=False, empty_label=_("（无）"))

    def __init__(self, *args, occasions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occasion"].queryset = occasions
