"""Numbers as people type them and as people write them: one reader and one writer.

``number_text(Decimal("60"))`` → ``"60"``: the one formatter of every page, export and change
log entry: fixed-point digits (never ``6E+1``), no trailing zeros after the point, never ``-0``;
``digits`` rounds (half up), ``grouping`` writes thousands separators (``1,234.5``).

``decimal_read("1,200")`` → ``Decimal("1200")``: spaces, thousands separators (, ，) and
full-width digits are accepted; a trailing % (or ％) when ``percent`` is allowed.
Returns None for an empty value, raises NotFinite (a ValueError) for an infinite or NaN
value and ValueError for anything else that is no number; each caller words its own message (it knows the field and its rules).
"""
from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


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


def number_text(value, *, digits: int | None = None, grouping: bool = False) -> str:
    """A number as people write it: ``60``, ``12.5``, ``0.25``, ``1200`` (``1,200`` with grouping).

    ``Decimal.normalize()`` turns 60 into ``6E+1`` and 100 into ``1E+2``, and keeps ``-0``; this
    writes fixed-point digits, drops trailing zeros after the point, and never writes ``-0``.
    None and the empty string are the empty string; an infinite or NaN value is written as is.
    """
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        return str(number)
    if digits is not None:
        number = number.quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP)
    if number == 0:
        return "0"
    text = format(number, ",f" if grouping else "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
