"""The rows behind a computed 比学赶超 value: the reports a period's figure counts as adopted upward.

Linked from the committee's values page and its league-table cell; computed again here with the
function the push uses, so the count on the page is the value pushed."""
from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from roles.policy import Capability
from shared.benchmark.models import Period
from tenants.opinions import benchmark_push
from tenants.opinions.models import Level, OpinionReport


def benchmark_rows(request, period_id: int):
    period = Period.objects.filter(pk=period_id).first()
    if period is None:
        raise Http404(_("没有这个统计期。"))
    figure = benchmark_push.adopted_figure(period)
    rows = []
    if figure is not None:
        reports = OpinionReport.objects.in_bulk([a.report_id for a in figure.rows])
        levels = dict(Level.choices)
        rows = [{"report": reports[a.report_id], "level": levels[a.level], "adopted_on": a.adopted_on}
                for a in figure.rows if a.report_id in reports]
    return render(request, "opinions/benchmark_rows.html", {
        "period": period, "figure": figure, "rows": rows, "label": benchmark_push.SOURCES[benchmark_push.ADOPTED][0],
    })


benchmark_rows.access_capability = Capability.VIEW
