"""The rows behind a computed 比学赶超 value: the proposals (or ratings) a period's figure counts.

Linked from the committee's values page and its cell of the league table (``shared.benchmark``
reads the link from the source this app registers); the figure is computed again here, with
the same function the push uses, so the count on the page is the value pushed."""
from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from roles.policy import Capability
from shared.benchmark.models import Period
from tenants.proposals import benchmark_push
from tenants.proposals.models import Proposal, Rating


def benchmark_rows(request, source: str, period_id: int):
    code = f"proposals.{source}"
    if code not in benchmark_push.SOURCES:
        raise Http404(_("没有这个计算来源。"))
    period = Period.objects.filter(pk=period_id).first()
    if period is None:
        raise Http404(_("没有这个统计期。"))
    label = benchmark_push.SOURCES[code][0]
    figure = benchmark_push.benchmark_figure(code, period)
    context = {"source": source, "label": label, "period": period, "figure": figure, "rows": []}
    if figure is not None:
        part = set(figure.part)
        if code == benchmark_push.SATISFACTION:
            ratings = Rating.objects.filter(pk__in=figure.rows).select_related("answer__proposal").order_by("pk")
            context["rows"] = [{"proposal": r.answer.proposal, "rating": r, "counted": r.pk in part} for r in ratings]
        else:
            proposals = Proposal.objects.filter(pk__in=figure.rows).select_related("category").order_by("number", "pk")
            context["rows"] = [{"proposal": p, "counted": p.pk in part} for p in proposals]
        context["part"] = len(part)
    return render(request, "proposals/benchmark_rows.html", context)


benchmark_rows.access_capability = Capability.VIEW
