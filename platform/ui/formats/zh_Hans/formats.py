"""Chinese date formats: Django's, with a month and day written 3月5日, not 03月5日 (see ui.formats)."""
MONTH_DAY_FORMAT = "n月j日"
