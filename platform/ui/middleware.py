"""Requests the project refuses before any view reads them."""
from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent

from ui.views import bad_request


class RequestLimitsMiddleware:
    """Too many query parameters or form fields: a 400 with the project's page, or the API error.

    Django raises `TooManyFieldsSent` wherever `request.GET` or `request.POST` is
    first read (a view, DRF's content negotiation, the CSRF check), and with
    DEBUG on its technical page reads them again while reporting the error and
    fails with a 500. Parsing the query string and a url-encoded form here,
    before any other code reads them, answers once and the same way
    everywhere. Multipart bodies are left to be parsed where they are read
    (uploads may set their own handlers); if they hold too many fields the
    `handler400` of the URL confs gives the same answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.GET  # noqa: B018 - parsed now, so the limit is checked here
            if request.content_type == "application/x-www-form-urlencoded":
                request.POST  # noqa: B018
        except (TooManyFieldsSent, RequestDataTooBig) as error:
            return bad_request(request, error)
        return self.get_response(request)


# Only this origin's files. Scripts: no inline code (pages use static files and
# data-* attributes, ui/app.js and ui/charts.js). Styles allow inline because
# ECharts writes its tooltips as HTML with style attributes, and a few templates
# set one; images allow data: for Pico CSS's icons and ECharts' saved images.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# drf-spectacular's Swagger UI starts itself with an inline script and styles.
POLICY_OF_URL = {
    "api-docs": {**CONTENT_SECURITY_POLICY, "script-src": "'self' 'unsafe-inline'"},
}


def policy_header(policy: dict[str, str]) -> str:
    return "; ".join(f"{directive} {sources}" for directive, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    """Every HTML answer carries the Content-Security-Policy (and its URL's own, if it has one)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.default = policy_header(CONTENT_SECURITY_POLICY)
        self.by_url = {name: policy_header(policy) for name, policy in POLICY_OF_URL.items()}

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" in response or not response.get("Content-Type", "").startswith("text/html"):
            return response
        match = getattr(request, "resolver_match", None)
        response["Content-Security-Policy"] = self.by_url.get(match.url_name if match else None, self.default)
        return response
