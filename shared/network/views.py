"""The network view (驾驶舱) of a provincial officer: every committee of the province in one table.

Reachable from the navigation by provincial officers; anyone else of the site
is sent to the workspace with a message (the figures are the province's).
"""
from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from operations.downloads import XLSX, download_audited

from . import selectors, xlsx
from .columns import columns
from .forms import NetworkQueryForm


def _province_or_refuse(request):
    province = selectors.network_province(request.user)
    if province is None:
        messages.info(request, _("全省驾驶舱由省政协工作人员查看。"))
    return province


def _site_url(request, domain: str | None, path: str) -> str | None:
    """The committee's own page at ``path`` (same scheme and port as this request)."""
    if not domain:
        return None
    port = request.get_port()
    default = "443" if request.is_secure() else "80"
    return f"{request.scheme}://{domain}{'' if port in (default, None, '') else ':' + port}{path}"


def home(request):
    province = _province_or_refuse(request)
    if province is None:
        return redirect("home")
    sort, descending, page_number = NetworkQueryForm(request.GET).choice()
    network = selectors.network_get(province)
    page = Paginator(selectors.network_rows(network, sort=sort, descending=descending), selectors.PAGE_SIZE)
    page = page.get_page(page_number)
    showcase_path = reverse("programmes:showcase")
    heads = columns()
    rows = []
    for row in page.object_list:
        rows.append({
            **row, "showcase_url": _site_url(request, row["domain"], showcase_path),
            "cells": [(c.key, c.shown(row)) for c in heads[1:]],
        })
    bands = selectors.completion_bands(network)
    chart = {
        "title": _("计划完成率分布（政协数）"),
        "names": [name for name, _count in bands], "scores": [count for _name, count in bands],
        "leading": [False] * len(bands),
    }
    return render(request, "network/home.html", {
        "network": network, "rows": rows, "page": page, "columns": heads, "chart": chart,
        "sort": sort, "descending": descending,
    })


def home_xlsx(request):
    province = _province_or_refuse(request)
    if province is None:
        return redirect("home")
    sort, descending, _page = NetworkQueryForm(request.GET).choice()
    network = selectors.network_get(province)
    rows = selectors.network_rows(network, sort=sort, descending=descending)
    period = network.period.label if network.period else "—"
    content = xlsx.network_xlsx(title=_("%(p)s全省驾驶舱") % {"p": province.short_name}, period_label=period, rows=rows)
    return download_audited(request, content, filename=f"network-{province.schema_name}.xlsx", content_type=XLSX,
                            kind="network_xlsx", detail={"province": province.schema_name, "sort": sort})
