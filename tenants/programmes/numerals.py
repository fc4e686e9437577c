"""Chinese numerals for section headings (一、二、…)."""

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    if number < 10:
        return _DIGITS[number]
    if number < 20:
        return "十" + (_DIGITS[number - 10] if number > 10 else "")
    if number < 100:
        tens, ones = divmod(number, 10)
        return _DIGITS[tens] + "十" + (_DIGITS[ones] if ones else "")
    return str(number)
