"""What a duty record says, in the reader's language.

A record the services make from an outcome (a proposal accepted, a report used …) is shown from its
outcome: a translatable sentence per outcome (and per share, 领衔 or 联名), with its source's title,
number or bulletin issue as data; the text stored when it was made is what an older reader saw and
stays for the change log. A record the office adds by hand (an activity) shows the text typed.
Titles appear only where the stored text had them: a proposal once accepted, a report once used.
"""
from __future__ import annotations

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.programmes.models import DutyOutcome, DutyRecord, DutyShare

#: outcome -> (sentence of the member's own outcome, sentence of a co-signer's)
SENTENCES = {
    DutyOutcome.PROPOSAL_SUBMITTED: (_("领衔提交提案"), _("联名提交提案")),
    DutyOutcome.PROPOSAL_ACCEPTED: (_("领衔提案第 %(number)s 号“%(title)s”立案"),
                                    _("联名提案第 %(number)s 号“%(title)s”立案")),
    DutyOutcome.PROPOSAL_EXCELLENT: (_("领衔提案“%(title)s”评为优秀提案"), _("联名提案“%(title)s”评为优秀提案")),
    DutyOutcome.OPINION_SUBMITTED: (pgettext_lazy("duty record", "报送社情民意信息"),) * 2,
    DutyOutcome.OPINION_FORWARDED: (_("社情民意信息“%(title)s”报送上级"),) * 2,
    DutyOutcome.OPINION_ADOPTED: (_("社情民意信息“%(title)s”被上级采用"),) * 2,
    DutyOutcome.OPINION_INSTRUCTED_CITY: (_("社情民意信息“%(title)s”获市级领导批示"),) * 2,
    DutyOutcome.OPINION_INSTRUCTED_PROVINCE: (_("社情民意信息“%(title)s”获省级领导批示"),) * 2,
    DutyOutcome.OPINION_INSTRUCTED_NATIONAL: (_("社情民意信息“%(title)s”获国家级领导批示"),) * 2,
    DutyOutcome.IDEA_COMMENDED: (_("金点子“%(title)s”获表扬"),) * 2,
}
#: the level an adoption's stored text names (opinions.services.duty.LEVEL_TEXT) -> the sentence naming it
ADOPTED_BY = {
    "被市级采用": _("社情民意信息“%(title)s”被市级采用"),
    "被省级采用": _("社情民意信息“%(title)s”被省级采用"),
    "被国家级采用": _("社情民意信息“%(title)s”被国家级采用"),
}
USED = _("社情民意信息“%(title)s”被采用")
USED_IN = _("社情民意信息“%(title)s”被采用（%(issue)s）")


def _sentence_and_data(record: DutyRecord) -> tuple[str, dict[str, str], set[str]] | None:
    """The sentence, its parameters and which of them are data; None when the record has none."""
    source = record.proposal or record.opinion_report or record.golden_idea
    if record.outcome == DutyOutcome.ACTIVITY or source is None:
        return None
    params = {"title": source.title, "number": getattr(source, "number", "")}
    if record.outcome == DutyOutcome.OPINION_USED:
        issue = source.bulletin_label
        params["issue"] = issue
        return str(USED_IN if issue else USED), params, {"title"}
    if record.outcome == DutyOutcome.OPINION_ADOPTED:
        # the level as the record was made (its stored text names it): no query per record shown
        for named, sentence in ADOPTED_BY.items():
            if record.text.endswith(named):
                return str(sentence), params, {"title"}
    sentences = SENTENCES.get(record.outcome)
    if sentences is None:
        return None
    own, cosigner = sentences
    return str(cosigner if record.share == DutyShare.COSIGNER else own), params, {"title", "number"}


def record_text(record: DutyRecord) -> str:
    """The record's text as plain text in the active language (exports, the API)."""
    found = _sentence_and_data(record)
    if found is None:
        return record.text
    sentence, params, _data = found
    return sentence % params


def record_html(record: DutyRecord) -> SafeString:
    """The record's text for a page: the sentence translated, the titles and numbers marked as data
    (translate="no"), the text typed by hand marked as data whole."""
    found = _sentence_and_data(record)
    if found is None:
        return format_html('<span translate="no">{}</span>', record.text)
    sentence, params, data = found
    shown = {name: (format_html('<span translate="no">{}</span>', value) if name in data else conditional_escape(value))
             for name, value in params.items()}
    return mark_safe(conditional_escape(sentence) % shown)
