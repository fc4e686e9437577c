from django.shortcuts import redirect, render

from roles.enforcement import request_access
from roles.policy import Capability
from tenants.structure.models import Leader, Member, Unit
from tenants.structure.selectors import sector_counts
from tenants.workspace.selectors import todo_list

#: sections that inform rather than ask for something: not counted as to-dos
INFORMATION = ("publications", "my_ideas")


def _to_do(sections) -> int:
    return sum(s.count for s in sections if s.key not in INFORMATION)


def home(request):
    """The workspace: the signed-in person's to-do list by role, then the committee at a glance.

    A handling unit's staff (HANDLE, no VIEW) read nothing of the committee: `/` (where the sign-in
    lands) sends them to their unit's proposals; anyone else without VIEW is refused as usual."""
    access = request_access(request)
    if not access.allows(Capability.VIEW):
        if access.allows(Capability.HANDLE):
            return redirect("proposals:handling")
        return render(request, "ui/forbidden.html", {"capability": Capability.VIEW}, status=403)
    sectors = [{"name": s.name, "value": s.member_count} for s in sector_counts() if s.member_count]
    sections = todo_list(user=request.user, access=access)
    count = _to_do(sections)
    return render(request, "workspace/home.html", {
        "sections": sections,
        "todo_count": count,
        # the navigation's badge beside 工作台, shown with the page instead of asked for again
        "nav_count": count,
        "unit_count": Unit.objects.count(),
        "leader_count": Leader.objects.count(),
        "member_count": Member.objects.count(),
        "sectors": sectors,
    })


# every role of the committee has INBOX: the view itself sends a handler on and refuses the rest without VIEW
home.access_capability = Capability.INBOX


def todo_count(request):
    """The number of the person's to-dos as the navigation's badge beside 工作台 (htmx loads it after
    the page; the same sections as the workspace, cached the same way). Empty when nothing waits."""
    count = _to_do(todo_list(user=request.user, access=request_access(request)))
    return render(request, "ui/partials/nav_count.html", {"count": count})


# the entry 工作台 needs VIEW too: a handling unit's staff never see it, nor its count
todo_count.access_capability = Capability.VIEW
