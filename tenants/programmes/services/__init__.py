"""Writes on programmes, reports and appraisals (the active schema is the committee).

Every service is keyword-only, atomic, validates with ``full_clean`` and
writes a ``ChangeLog`` row naming the actor. Validation errors are
``django.core.exceptions.ValidationError`` with Chinese messages; a refusal
is ``PermissionDenied``.

One module per part of the cycle: ``programmes`` (programmes, sections,
items, milestones, targets: edited, reordered, removed, assigned in bulk),
``importing`` (a plan from a template, a structure or a work-points
document), ``reporting`` (monthly reports and their
deadlines), ``appraisal``, ``duty`` (members' duty records); ``values`` reads
what people type. ``from tenants.programmes import services`` gives them all.
"""
from tenants.programmes.models import REPORT_DUE_DAY, report_due_on

from .appraisal import DEFAULT_CRITERIA, appraisal_compute, appraisal_create, unit_score_set
from .duty import duty_record_add
from .importing import programme_from_structure, programme_from_template, work_points_import
from .programmes import (
    DOWN, ITEM_FIELDS, KEEP, PROGRAMME_FIELDS, UP, item_create, item_move, item_remove, item_update, items_assign,
    items_renumber, milestone_remove, milestone_set, milestones_set, programme_create, programme_update,
    section_create, section_move, section_remove, section_update, target_remove, target_set,
)
from .reporting import (
    DEADLINE_SOURCE, MAX_ATTACHMENT_BYTES, report_accept, report_deadline_key, report_deadlines_refresh,
    report_deadlines_register, report_file, report_months_open, report_return,
)
from .values import month_parse, parse_number, parse_year

__all__ = [
    "DOWN", "KEEP", "UP", "item_move", "item_remove", "items_assign", "items_renumber", "milestone_remove",
    "milestones_set", "section_move", "section_remove", "section_update", "target_remove",
    "DEADLINE_SOURCE", "DEFAULT_CRITERIA", "ITEM_FIELDS", "MAX_ATTACHMENT_BYTES", "PROGRAMME_FIELDS", "REPORT_DUE_DAY",
    "appraisal_compute", "appraisal_create", "duty_record_add", "item_create", "item_update", "milestone_set",
    "month_parse", "parse_number", "parse_year", "programme_create", "programme_from_structure",
    "programme_from_template", "programme_update", "report_accept", "report_deadline_key", "report_deadlines_refresh",
    "report_deadlines_register", "report_due_on", "report_months_open",
    "report_file", "report_return", "section_create", "target_set", "unit_score_set", "work_points_import",
]
