"""The navigation bar: one list of entries, filtered by host and capability.

A new page adds its entry here; the layout shows it only to users whose
access allows it.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from roles.policy import Capability


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str
    capability: Capability
    on_platform: bool  # bare host (console) or a committee's host
    #: a page answering the entry's count as a badge (loaded by htmx after the page, so no page waits for it;
    #: the entry's own page, which knows the count, passes it as ``nav_count`` and nothing is asked for)
    count_url_name: str = ""


ENTRIES: list[NavEntry] = [
    NavEntry("console:home", _("组织总览"), Capability.CONSOLE, True),
    NavEntry("console:organisation_new", _("开通政协组织"), Capability.PROVISION, True),
    NavEntry("admin:index", _("平台配置"), Capability.PLATFORM_ADMIN, True),
    NavEntry("home", _("工作台"), Capability.VIEW, False, count_url_name="todo_count"),
    NavEntry("programmes:my_duty", _("我的履职"), Capability.VIEW, False),
    NavEntry("structure:units", _("委室"), Capability.VIEW, False),
    NavEntry("structure:leaders", _("主席会议成员"), Capability.VIEW, False),
    NavEntry("structure:members", _("委员"), Capability.VIEW, False),
    NavEntry("programmes:home", _("计划与项目"), Capability.VIEW, False),
    NavEntry("golden_ideas:home", _("金点子"), Capability.VIEW, False),
    NavEntry("proposals:home", _("提案"), Capability.VIEW, False),
    # Handling units' staff (承办单位) have HANDLE only: this is the one page of theirs.
    NavEntry("proposals:handling", _("承办的提案"), Capability.HANDLE, False),
    NavEntry("opinions:home", _("社情民意"), Capability.VIEW, False),
    NavEntry("materials:home", _("交流材料"), Capability.VIEW, False),
    NavEntry("search:home", _("检索"), Capability.VIEW, False),
    NavEntry("benchmark:home", _("比学赶超"), Capability.VIEW, False),
    # Provincial officers only (their network powers carry CONSOLE); the page refuses anyone else.
    NavEntry("network:home", _("全省驾驶舱"), Capability.CONSOLE, False),
    NavEntry("opinion_exchange:home", _("报送的社情民意"), Capability.CONSOLE, False),
    NavEntry("reminders:list", _("提醒"), Capability.VIEW, False),
    NavEntry("people:list", _("人员与账号"), Capability.ADMINISTER, False),
    NavEntry("admin:index", _("本会配置"), Capability.ADMINISTER, False),
    NavEntry("api-docs", _("接口文档"), Capability.VIEW, False),
]
