"""A temporary password is changed before anything else.

An administrator's new account or password reset gives a temporary password
(User.password_must_change). Signed in with it, a person is sent to the password
page (修改密码) from every page of every site until they have chosen their own;
the sign-in, the network's sign-in steps, signing out and the language switch
still work. The API refuses them on its side (accounts.authentication: 403, code
``password_change_required``), so /api/ is left to it.
"""
from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from ui.htmx import redirect_after

#: the URL names a person with a temporary password may still open
ALLOWED = frozenset({
    "password_change", "login", "logout", "set_language", "sso-start", "sso-authorize", "sso-accept",
    "password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete",
})


class PasswordChangeRequiredMiddleware:
    """After AuthenticationMiddleware: redirects a signed-in person whose password must change."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not getattr(user, "password_must_change", False):
            return None
        match = request.resolver_match
        if match is None or match.url_name in ALLOWED or request.path_info.startswith("/api/"):
            return None
        url = reverse("password_change")
        if getattr(request, "htmx", False) and urlsplit(request.headers.get("HX-Current-URL", "")).path == url:
            # a part the password page itself loads (the navigation's to-do count): sending the page
            # to itself would reload it without end, so the part stays empty
            return HttpResponse(status=204)
        if request.method == "GET" and not getattr(request, "htmx", False):
            url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(url)
        return redirect_after(request, url)
