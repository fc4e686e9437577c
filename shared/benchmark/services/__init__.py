"""Writes of 比学赶超: reporting values, reviewing them, publishing a period, the catalogue, peer groups, profiles.

Every write is all or nothing: values of a form or a sheet are validated
together and nothing is saved when one of them is wrong.

Modules: ``values`` (reporting and review), ``publication`` (publishing a period),
``catalogue`` (periods, peer groups, committee profiles), ``access`` (who may write),
``computed`` (values the committees' own data give, pushed by them).
Callers import this package: ``from shared.benchmark import services``.
"""
from __future__ import annotations

from .values import (  # noqa: F401
    COMPUTED_REFUSAL, JUMP_FACTOR, MAX_VALUE, Entry, value_parse, values_validate, values_report, values_review,
)
from .publication import _indicator_snapshot, period_publish, publication_revise  # noqa: F401
from .catalogue import (  # noqa: F401
    MIN_GROUP_MEMBERS, period_ensure, peer_groups_ensure, peer_group_save, peer_group_delete, profile_set,
    indicator_save, indicator_retire, WEIGHT_MAX,
)
from .computed import ComputedPlan, computed_plan, computed_push, computed_value_set  # noqa: F401
