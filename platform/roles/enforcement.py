"""Where the policy meets a request: which capability a view needs, and the check.

Views declare `access_capability` (a Capability, or a dict by HTTP method) or
`access_public = True`. Undeclared views need VIEW for reads and ADMINISTER for
writes on a committee's host, and CONSOLE on the bare host: forgetting to
declare fails closed. Pages are checked by `roles.middleware.AccessMiddleware`,
API views by `roles.api.HasCapability`; both call `required_capability` and
`request_access` below, so the rules exist once.
"""
from __future__ import annotations

from roles.policy import NO_ACCESS, Access, Capability, access_in, access_on_platform

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _attr(view, name, default=None):
    for holder in (view, getattr(view, "view_class", None), getattr(view, "cls", None)):
        if holder is not None and hasattr(holder, name):
            return getattr(holder, name)
    return default


def is_public_host(request) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is None or tenant.schema_name == "public"


def required_capability(view, request, *, admin: bool = False) -> Capability | None:
    """The capability `view` needs for this request; None means anyone may call it."""
    if _attr(view, "access_public", False):
        return None
    declared = _attr(view, "access_capability")
    if isinstance(declared, dict):
        declared = declared.get(request.method, declared.get("*"))
    if declared:
        return Capability(declared)
    if admin:
        return Capability.PLATFORM_ADMIN if is_public_host(request) else Capability.ADMINISTER
    if is_public_host(request):
        return Capability.CONSOLE
    return Capability.VIEW if request.method in SAFE_METHODS else Capability.ADMINISTER


def request_access(request) -> Access:
    """The access of the request's user where the request was made (cached per request)."""
    user = getattr(request, "user", None)
    cache_key = "_cppcc_access"
    cached = getattr(request, cache_key, None)
    if cached is not None and cached[0] is user:
        return cached[1]
    if user is None:
        access = NO_ACCESS
    elif is_public_host(request):
        access = access_on_platform(user)
    else:
        access = access_in(user, request.tenant)
    try:
        setattr(request, cache_key, (user, access))
    except AttributeError:
        pass
    return access
