"""What the people pages need to know of a committee's own structure, without importing it.

Accounts live in the public schema and the platform core imports no tenant app;
a unit-staff account names a Unit (委室) and a member account may be linked to a
委员 record, both in the committee's own schema. The app that owns those rows
(``tenants.structure``) registers a ``Directory`` from its ``AppConfig.ready()``;
the accounts services ask it, for the active schema, which units and members exist
and link a member record to an account.

Without a registered directory (a project without the structure app) no unit and
no member can be named.

A handler account (承办单位工作人员) names a handling unit (``HandlingUnit``) instead,
owned by the proposals app, which registers its list the same way
(``handling_units_register``); without it no handling unit can be named.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Directory:
    #: [(id, name)] of the active committee's units
    units: Callable[[], list[tuple[int, str]]]
    #: [(id, label)] of the members not yet linked to an account, plus `keep` (the one linked to `user_id`)
    members_unlinked: Callable[..., list[tuple[int, str]]]
    #: whether member `member_id` exists and is free to link (or is linked to account `keep`); one query
    member_available: Callable[..., bool]
    #: link member `member_id` to account `user_id` (None: unlink whichever member is linked to `user_id`)
    member_link: Callable[..., None]
    #: {user id: (member id, member name)} for the given user ids
    members_of_users: Callable[[list[int]], dict[int, tuple[int, str]]]


_EMPTY = Directory(
    units=lambda: [],
    members_unlinked=lambda **_kw: [],
    member_available=lambda **_kw: False,
    member_link=lambda **_kw: None,
    members_of_users=lambda ids: {},
)
_registered: list[Directory] = []


def directory_register(directory: Directory) -> None:
    _registered[:] = [directory]


def directory() -> Directory:
    return _registered[0] if _registered else _EMPTY


#: () -> [(id, name, is_active)] of the active committee's handling units (承办单位), by name
_handling_units: list[Callable[[], list[tuple[int, str, bool]]]] = []


def handling_units_register(units: Callable[[], list[tuple[int, str, bool]]]) -> None:
    _handling_units[:] = [units]


def handling_units(*, active_only: bool = False) -> list[tuple[int, str]]:
    """[(id, name)] of the active committee's handling units (only those in use with `active_only`)."""
    rows = _handling_units[0]() if _handling_units else []
    return [(pk, name) for pk, name, active in rows if active or not active_only]
