from django.shortcuts import render

from tenants.reminders.selectors import deadline_list_due, notice_list_for
from tenants.structure.models import Leader, Member, Unit
from tenants.structure.selectors import sector_counts


def home(request):
    """The committee's dashboard: its people at a glance and what is due."""
    sectors = [{"name": s.name, "value": s.member_count} for s in sector_counts() if s.member_count]
    return render(request, "workspace/home.html", {
        "unit_count": Unit.objects.count(),
        "leader_count": Leader.objects.count(),
        "member_count": Member.objects.count(),
        "sectors": sectors,
        "due": deadline_list_due(),
        "notices": notice_list_for(request.user)[:5],
    })
