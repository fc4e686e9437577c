"""Numbers, years and months as people type them, read into values or a ValidationError in Chinese."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError

from ui.numbers import NotFinite, decimal_read


def parse_number(raw, *, label: str) -> Decimal:
    """A user's number (``"50"``, ``"95%"``, ``"1,200"``) or a ValidationError naming the field."""
    try:
        value = decimal_read(raw)
    except NotFinite:
        raise ValidationError(f"“{label}”的值不是有效的数字。") from None
    except ValueError:
        raise ValidationError(f"“{label}”的值“{str(raw)[:20]}”不是有效的数字。") from None
    if value is None:
        raise ValidationError(f"请填写“{label}”。")
    if value < 0:
        raise ValidationError(f"“{label}”不能为负数。")
    if value >= Decimal("1e10"):
        raise ValidationError(f"“{label}”的值过大。")
    return value.quantize(Decimal("0.01"))


def parse_year(raw, *, label: str = "年度") -> int:
    try:
        year = int(str(raw).strip())
    except (TypeError, ValueError):
        raise ValidationError(f"“{label}”应为四位数年份。") from None
    if not 2000 <= year <= 2100:
        raise ValidationError(f"“{label}”应在 2000 至 2100 之间。")
    return year


def month_parse(raw) -> dt.date:
    if isinstance(raw, dt.date):
        return raw.replace(day=1)
    text = str(raw or "").strip()
    try:
        year, month = text[:7].split("-")
        return dt.date(int(year), int(month), 1)
    except (ValueError, TypeError):
        raise ValidationError({"month": "月份格式应为 YYYY-MM，例如 2024-03。"}) from None
