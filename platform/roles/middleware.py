"""Authorisation for every page: no page of a committee renders without a role in it."""
from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from rest_framework.views import APIView

from roles.enforcement import request_access, required_capability


class AccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "cls", None)
        if view_class is not None and issubclass(view_class, APIView):
            return None  # DRF authenticates tokens itself, then roles.api.HasCapability decides.
        match = request.resolver_match
        admin = bool(match and "admin" in match.namespaces)
        capability = required_capability(view_func, request, admin=admin)
        request.access = request_access(request)
        if capability is None:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.access.allows(capability):
            return render(
                request, "ui/forbidden.html", {"capability": capability}, status=403
            )
        return None
