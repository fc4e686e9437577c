"""履职积分 pages: the committee's ranking of members by their points in a year, and the office's points
per outcome. Anyone of the committee reads both (VIEW); the administrators (the office) change the
points (ADMINISTER), through ``services.duty_outcomes.duty_rules_set``."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from roles.enforcement import request_access
from roles.policy import Capability
from tenants.programmes import duty_points, duty_selectors
from tenants.programmes.models import DutyOutcome
from tenants.programmes.services.duty_outcomes import duty_rules_set
from ui.htmx import redirect_after


def _year(request) -> tuple[int, str | None]:
    raw = request.GET.get("year")
    if raw in (None, ""):
        return duty_selectors.year_default(), None
    year = duty_selectors.year_parse(raw)
    if year is None:
        low, high = duty_selectors.YEAR_RANGE
        return duty_selectors.year_default(), _("年度应为 %(a)s 至 %(b)s 之间的四位数年份。") % {"a": low, "b": high}
    return year, None


def duty_ranking(request):
    """委员履职排名: every member by their points in the year (outcomes and activities, current rules)."""
    year, error = _year(request)
    rules = duty_points.duty_rules()
    return render(request, "programmes/duty_ranking.html", {
        "year": year, "years": sorted({year, *duty_selectors.duty_years()}, reverse=True),
        "families": duty_points.FAMILIES, "rows": duty_points.member_ranking(year=year, rules=rules),
        "errors": [error] if error else [],
        "can_change": request_access(request).allows(Capability.ADMINISTER),
    }, status=400 if error else 200)


duty_ranking.access_capability = Capability.VIEW


def duty_rules(request):
    """履职积分规则: the points of each outcome (a co-signer's for proposals); the office changes them."""
    can_change = request_access(request).allows(Capability.ADMINISTER)
    errors: dict[str, list[str]] = {}
    typed: dict[str, str] = {}
    if request.method == "POST":
        current = duty_points.duty_rules()  # a cell not sent keeps its points
        points = {o.value: (request.POST.get(f"points_{o.value}", current[o.value].points),
                            request.POST.get(f"cosigner_{o.value}", current[o.value].cosigner_points))
                  for o in DutyOutcome}
        typed = {f"{kind}_{outcome}": value for outcome, pair in points.items()
                 for kind, value in zip(("points", "cosigner"), pair)}
        try:
            changed = duty_rules_set(actor=request.user, points=points)
        except ValidationError as error:  # keyed by cell: duty_rules_set raises a dict
            errors = error.message_dict
        else:
            if changed:
                messages.success(request, _("已修改 %(n)d 项履职积分规则，排名已按新规则计算。") % {"n": changed})
            else:
                messages.info(request, _("积分没有改动。"))
            return redirect_after(request, reverse("programmes:duty_rules"))
    rules = list(duty_points.duty_rules().values())
    for rule in rules:
        rule.points_typed = typed.get(f"points_{rule.outcome}", rule.points)
        rule.cosigner_typed = typed.get(f"cosigner_{rule.outcome}", rule.cosigner_points)
        rule.points_error = f"points_{rule.outcome}" in errors
        rule.cosigner_error = f"cosigner_{rule.outcome}" in errors
    flat = [m for messages_ in errors.values() for m in messages_]
    return render(request, "programmes/duty_rules.html", {
        "rules": rules, "can_change": can_change, "errors": flat,
    }, status=400 if errors else 200)


duty_rules.access_capability = {"GET": Capability.VIEW, "HEAD": Capability.VIEW, "POST": Capability.ADMINISTER}

urls = [
    path("ranking/", duty_ranking, name="duty_ranking"),
    path("points/", duty_rules, name="duty_rules"),
]
