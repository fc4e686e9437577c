"""What the network page reads from its query string (unknown values fall back to defaults)."""
from __future__ import annotations

from django import forms

from .selectors import SORTS


class NetworkQueryForm(forms.Form):
    sort = forms.ChoiceField(choices=[(key, key) for key in SORTS], required=False)
    dir = forms.ChoiceField(choices=[("asc", "asc"), ("desc", "desc")], required=False)
    page = forms.IntegerField(min_value=1, required=False)

    def choice(self) -> tuple[str, bool, int]:
        """(sort key, descending, page number)."""
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("sort") or "name", data.get("dir") == "desc", data.get("page") or 1
