"""Sections other apps add to the account page (我的账号), e.g. the e-mail notification preference.

An app registers a template from its ``AppConfig.ready()``::

    from accounts.signin.sections import account_section_register
    account_section_register("notifications/partials/account_email.html")

Each is included in order with the page's context (``request``, ``user``).
"""
from __future__ import annotations

_sections: list[str] = []


def account_section_register(template_name: str) -> None:
    if template_name not in _sections:
        _sections.append(template_name)


def account_sections() -> list[str]:
    return list(_sections)
