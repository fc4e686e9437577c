"""Numbers as people type them, read once for every form, import and API.

``decimal_read("1,200")`` → ``Decimal("1200")``: spaces, thousands separators (, ，) and
full-width digits are accepted; a trailing % (or ％) when ``percent`` is allowed.
Returns None for an empty value, raises NotFinite (a ValueError) for an infinite or NaN
value and ValueError for anything else that is no number; each caller words its own message (it knows the field and its rules).
"""
from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation


class NotFinite(ValueError):
    """A number that is infinite or NaN ("inf", "NaN", float('nan'))."""


def decimal_read(raw, *, percent: bool = True) -> Decimal | None:
    if raw is None or isinstance(raw, bool):
        if raw is None:
            return None
        raise ValueError("not a number")
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, (int, float)):
        value = Decimal(str(raw))
    else:
        text = unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "").replace(" ", "")
        if percent and text.endswith("%"):
            text = text[:-1].strip()
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError("not a number") from None
    if not value.is_finite():
        raise NotFinite("not a finite number")
    return value
