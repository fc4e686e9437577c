from django.shortcuts import get_object_or_404, render

from tenants.structure import selectors
from ui.htmx import int_or_none
from tenants.structure.models import Sector


def units(request):
    return render(request, "structure/units.html", {"units": selectors.unit_list()})


def unit_detail(request, pk: int):
    unit = get_object_or_404(selectors.unit_list(), pk=pk)
    members = selectors.member_list().filter(unit=unit)
    return render(request, "structure/unit_detail.html", {"unit": unit, "members": members})


def leaders(request):
    return render(request, "structure/leaders.html", {"leaders": selectors.leader_list()})


def members(request):
    """Members with a sector filter and a name search; HTMX swaps only the table."""
    sector_id = int_or_none(request.GET.get("sector"))
    query = request.GET.get("q", "").strip()[:30]
    context = {
        "members": selectors.member_list(sector_id=sector_id, query=query),
        "sectors": Sector.objects.all(),
        "sector_id": sector_id,
        "q": query,
    }
    template = "structure/partials/member_table.html" if request.htmx else "structure/members.html"
    return render(request, template, context)
