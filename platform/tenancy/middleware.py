"""The tenant of a request: django-tenants' middleware, with host names as people type them."""
from __future__ import annotations

from django.http.request import split_domain_port
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import remove_www


class TenantMiddleware(TenantMainMiddleware):
    """Finds the committee of `ZIYANG.localhost` and `ziyang.localhost.` as of `ziyang.localhost`.

    Host names are case-insensitive and may end with the root's dot (RFC 1034);
    `Domain` rows hold the lower-case name without it, so the lookup does too
    (Django's `split_domain_port` lowers the case and drops the dot, as its
    `ALLOWED_HOSTS` check already does).
    """

    @staticmethod
    def hostname_from_request(request):
        domain, _port = split_domain_port(request.get_host())
        return remove_www(domain)
