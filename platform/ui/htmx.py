"""What every server-rendered page shares at its edge: the one set of HTMX and form helpers.

* ``redirect_after(request, url)``: after a successful POST, go to ``url``; an HTMX request
  gets ``HX-Redirect`` (the browser follows it), a plain one a 302.
* ``form_errors_add(form, error)``: a service's ``ValidationError`` (or ``PermissionDenied``)
  shown on the form: each message on its field when the form has that field, else on the
  form as a whole.
* ``form_messages(form)``: a bound form's messages, field by field and each once, for pages
  that list them above the form (or as flash messages) rather than under each field.
* ``int_or_none(value)``: a request parameter as an int, or None when it is missing or bad.
"""
from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect


def redirect_after(request, url: str):
    return HttpResponseClientRedirect(url) if getattr(request, "htmx", False) else redirect(url)


def form_errors_add(form: forms.Form, error: ValidationError | PermissionDenied) -> None:
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error) or _("您的账号没有访问此页面的权限。"))
        return
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def form_messages(form: forms.Form) -> list[str]:
    seen: list[str] = []
    for messages in form.errors.values():
        for message in messages:
            if message not in seen:
                seen.append(message)
    return seen


def int_or_none(value) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None
