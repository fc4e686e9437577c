from django.shortcuts import render

from roles.enforcement import request_access
from tenants.structure.models import Leader, Member, Unit
from tenants.structure.selectors import sector_counts
from tenants.workspace.selectors import todo_list

#: sections that inform rather than ask for something: not counted as to-dos
INFORMATION = ("publications", "my_ideas")


def home(request):
    """The workspace: the signed-in person's to-do list by role, then the committee at a glance."""
    sectors = [{"name": s.name, "value": s.member_count} for s in sector_counts() if s.member_count]
    sections = todo_list(user=request.user, access=request_access(request)) if request.user.is_authenticated else []
    return render(request, "workspace/home.html", {
        "sections": sections,
        "todo_count": sum(s.count for s in sections if s.key not in INFORMATION),
        "unit_count": Unit.objects.count(),
        "leader_count": Leader.objects.count(),
        "member_count": Member.objects.count(),
        "sectors": sectors,
    })
