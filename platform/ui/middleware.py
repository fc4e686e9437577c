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
