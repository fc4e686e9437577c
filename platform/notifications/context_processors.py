"""The unread count in the header of every page of a committee's site: one query, made only
when the page shows it (lazy)."""
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from tenancy.models import Level


def unread(request):
    user = getattr(request, "user", None)
    tenant = getattr(request, "tenant", None)
    if user is None or not user.is_authenticated or tenant is None or tenant.level == Level.PLATFORM:
        return {}

    def count() -> int:
        from notifications.selectors import unread_count

        return unread_count(user=user, organisation=tenant)

    try:
        url = reverse("notifications:inbox")
    except NoReverseMatch:  # a host whose URLs have no inbox
        return {}
    return {"inbox_url": url, "inbox_unread": SimpleLazyObject(count)}
