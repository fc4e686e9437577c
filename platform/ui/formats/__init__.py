"""Dates as people write them in each language (settings.FORMAT_MODULE_PATH).

Chinese keeps Django's formats (2026年3月5日, 2026年3月); English writes 5 Mar 2026, Mar 2026
and 5 Mar 2026, 14:30, as offices in English-speaking places do, instead of Django's American
"March 5, 2026". Templates ask for these by name (``|date:"DATE_FORMAT"``), never for a pattern.
"""
