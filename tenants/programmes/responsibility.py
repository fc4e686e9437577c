"""Who does an item, as a work-points document writes it: lead units, cooperating units, leaders.

Pure Python, no Django: names are returned as written (``地联委``, ``市政协办公室``,
``分管提案委的市政协领导``); matching them to the committee's ``Unit`` and ``Leader``
rows is ``selectors.unit_match`` / ``selectors.leader_match``.

* **Lead units** (牵头单位): ``牵头单位：A、B`` / ``责任单位为A`` / ``责任委（室）：A`` /
  ``主责单位：A`` (labelled, also in 【】 or inside brackets); ``由A、B牵头`` / ``由A统筹``;
  ``（A牵头）`` / ``（A牵头，B配合）``; ``A牵头、B配合``.  In a list marked
  ``A（牵头）、B、C`` the marked names lead and the others cooperate.
* **Cooperating units** (配合单位): ``配合单位：`` ``协办单位：`` ``协助单位：`` ``参与单位：``;
  ``…牵头，B、C配合`` / ``（A牵头，B协助）``.
* **Leaders** (责任领导): ``责任领导：`` ``分管领导：`` ``牵头领导：`` ``联系领导：``.
* Names are split on ``、，,;；/`` only (``民族宗教和外事侨务委员会`` contains 和), a trailing
  ``等`` is dropped, order of first appearance is kept, duplicates removed; words that
  name every or any unit (``各委（室）``, ``其他委室``, ``有关单位``) are left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Responsibility", "extract_lead_units", "extract_responsibility"]


# A name list may hold short notes in brackets: "经济委（牵头）、农业农村委".
_NAMES = r"(?:[^。；;\n（）()【】\[\]]|[（(][^（）()\n]{0,8}[）)])+"
_COLON = r"\s*(?:[:：]|为|是)\s*"
_LEAD_LABELS = (
    r"牵头(?:单位|部门|处室|委(?:[（(]室[）)]|室)?|专委会)|责任(?:单位|部门|处室|委(?:[（(]室[）)]|室)?|专委会)"
    r"|主责(?:单位|部门)|承办单位|主办单位"
)
_COOP_LABELS = (
    r"配合(?:单位|部门|处室|委(?:[（(]室[）)]|室)?)|协办(?:单位|部门)|协助(?:单位|部门)|参与(?:单位|部门)"
    r"|协同(?:单位|部门)"
)
_LEADER_LABELS = r"责任领导|分管领导|牵头领导|联系领导|领衔领导|责任主席|督办领导"
# "牵头单位：", "牵头单位为", "【牵头单位】"
_LABEL_END = rf"(?:】\s*[:：]?\s*|{_COLON})"
_LABELLED_RE = re.compile(rf"【?(?:{_LEAD_LABELS}){_LABEL_END}(?P<units>{_NAMES})")
_COOP_LABELLED_RE = re.compile(rf"【?(?:{_COOP_LABELS}){_LABEL_END}(?P<units>{_NAMES})")
_LEADER_LABELLED_RE = re.compile(rf"【?(?:{_LEADER_LABELS}){_LABEL_END}(?P<names>{_NAMES})")
_BY_RE = re.compile(r"由(?P<units>[^，,。；;：:\n由]{2,60}?)(?:共同)?(?:牵头|统筹)")
_PAREN_RE = re.compile(r"[（(](?P<units>[^（）()\n：:]{2,60}?)(?:共同)?牵头(?:[，,；;、][^（）()\n]*)?[）)]")
_LEAD_COOP_RE = re.compile(
    r"(?:^|(?<=[，,。；;：:\n]))(?P<units>[^，,。；;：:\n（(]{2,40}?)牵头[、，,]\s*[^，,。；;\n]{1,40}?配合"
)
# "…牵头，B、C配合" / "（A牵头，B协助）": the units after 牵头 that help.
_COOP_AFTER_LEAD_RE = re.compile(
    r"牵头[、，,；;]\s*(?P<units>[^，,。；;：:\n（）()]{2,60}?)(?:共同|等)?(?:配合|协助|协办|参与)"
)
_MARK = re.compile(r"[（(](?P<mark>[^（）()]{0,8})[）)]$")
# "各委（室）", "其他委室", "有关单位": every unit or any, not one unit.
_GENERIC = re.compile(r"^(?:各|其他|其它|其余|有关|相关|全体|所有|各有关|各相关)")


# Where a name list runs into the next label ("牵头单位：A，配合单位：B").
_NEXT_LABEL = re.compile(rf"[，,\s]*【?(?:{_LEAD_LABELS}|{_COOP_LABELS}|{_LEADER_LABELS}){_LABEL_END}")


def _split_units(text: str) -> list[str]:
    units = []
    text = _NEXT_LABEL.split(text, maxsplit=1)[0]
    for raw in re.split(r"[、，,；;/／]", text):
        name = raw.strip().strip("“”\"'《》 ")
        name = re.sub(r"^(?:该项工作|此项工作|本项工作|工作)?由", "", name)
        name = re.sub(r"等$", "", name).strip()
        if 2 <= len(name) <= 30:
            units.append(name)
    return units


def _names_in_order(found: list[tuple[int, str]]) -> list[str]:
    found.sort(key=lambda pair: pair[0])
    result: list[str] = []
    for _, name in found:
        if name not in result:
            result.append(name)
    return result


def extract_lead_units(text: str) -> list[str]:
    """Best-effort list of lead units (牵头单位) named in ``text``, as written (a 责任单位 list too)."""
    found: list[tuple[int, str]] = []
    for regex in (_LABELLED_RE, _BY_RE, _PAREN_RE, _LEAD_COOP_RE):
        for m in regex.finditer(text):
            for name in _split_units(m.group("units")):
                found.append((m.start("units"), name))
    return _names_in_order(found)


@dataclass
class Responsibility:
    """Who a document says does an item: names as written, generic ones (各委室) left out."""

    lead_units: list[str] = field(default_factory=list)
    cooperating_units: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)


def extract_responsibility(text: str) -> Responsibility:
    """Lead units, cooperating units and responsible leaders written in an item's text.

    Labelled lines (``牵头单位：`` ``责任单位：`` ``责任委（室）：``; ``配合单位：`` ``协办单位：``;
    ``责任领导：`` ``分管领导：``), and sentences (``由A牵头，B配合``, ``（A牵头，B协助）``).
    In a list marked ``A（牵头）、B`` the marked names lead and the others cooperate.
    """
    leads, coops, marked = [], [], []
    for name in extract_lead_units(text):
        mark = _MARK.search(name)
        note, bare = (mark.group("mark") if mark else ""), _MARK.sub("", name).strip()
        if "牵头" in note:
            marked.append(bare)
        elif "配合" in note or "协" in note:
            coops.append(bare)
        else:
            leads.append(bare)
    if marked:  # "A（牵头）、B、C": A leads, B and C cooperate
        leads, coops = marked, leads + coops
    found: list[tuple[int, str]] = []
    for regex in (_COOP_LABELLED_RE, _COOP_AFTER_LEAD_RE):
        for m in regex.finditer(text):
            for name in _split_units(m.group("units")):
                found.append((m.start("units"), _MARK.sub("", name).strip()))
    coops += _names_in_order(found)
    leaders: list[tuple[int, str]] = []
    for m in _LEADER_LABELLED_RE.finditer(text):
        for name in _split_units(m.group("names")):
            leaders.append((m.start("names"), name))

    def keep(names: list[str], exclude=()) -> list[str]:
        kept: list[str] = []
        for name in names:
            if name and not _GENERIC.match(name) and name not in kept and name not in exclude:
                kept.append(name)
        return kept

    leads = keep(leads)
    return Responsibility(
        lead_units=leads, cooperating_units=keep(coops, exclude=leads),
        leaders=[name for name in _names_in_order(leaders) if name],
    )
