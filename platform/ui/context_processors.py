from django.urls import NoReverseMatch, reverse

from roles.enforcement import is_public_host, request_access
from ui.navigation import ENTRIES


def navigation(request):
    on_platform = is_public_host(request)
    access = request_access(request)
    items = []
    for entry in ENTRIES:
        if entry.on_platform != on_platform or not access.allows(entry.capability):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        try:
            count_url = reverse(entry.count_url_name) if entry.count_url_name else ""
        except NoReverseMatch:
            count_url = ""
        items.append({"url": url, "label": entry.label, "count_url": count_url,
                      "active": request.path.startswith(url) and url != "/" or request.path == url})
    tenant = None if on_platform else request.tenant
    return {"nav_items": items, "current_organisation": tenant, "access": access}
