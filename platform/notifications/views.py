"""The inbox 通知 on a committee's site: the signed-in person's notifications about this committee."""
from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from notifications.forms import InboxFilterForm, MarkReadForm, PreferenceForm
from notifications.selectors import email_enabled, notification_list, unread_count
from notifications.services import notification_mark_read, preference_set
from roles.policy import Capability
from ui.htmx import redirect_after

OWN = {"GET": Capability.INBOX, "HEAD": Capability.INBOX, "POST": Capability.INBOX}
PAGE_SIZE = 30


def inbox(request):
    organisation = connection.tenant
    unread = InboxFilterForm(request.GET).unread()
    rows = notification_list(user=request.user, organisation=organisation, unread=unread)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {
        "page": page, "unread_only": unread is True,
        "unread": unread_count(user=request.user, organisation=organisation),
        "email_enabled": email_enabled(request.user), "has_email": bool(request.user.email),
    })


inbox.access_capability = OWN


def notification_open(request, pk: int):
    """Follow a notification: it is marked read and the browser goes where the thing is done
    (a plain link, so it opens like any other; marking read is the only effect)."""
    organisation = connection.tenant
    row = notification_list(user=request.user, organisation=organisation).filter(pk=pk).first()
    if row is None:
        raise Http404
    notification_mark_read(user=request.user, organisation=organisation, ids=[row.pk])
    target = row.url if row.url and url_has_allowed_host_and_scheme(row.url, allowed_hosts=None) else None
    return redirect_after(request, target or "notifications:inbox")


notification_open.access_capability = OWN


def mark_read(request):
    if request.method != "POST":  # the form posts here; a link lands on the inbox
        return redirect("notifications:inbox")
    form = MarkReadForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("要标记的通知不存在。"))
        return redirect_after(request, "notifications:inbox")
    one = form.cleaned_data.get("id")
    marked = notification_mark_read(user=request.user, organisation=connection.tenant,
                                    ids=[one] if one else None)
    if not one:
        messages.success(request, _("已将 %(n)d 条通知标为已读。") % {"n": marked})
    return redirect_after(request, "notifications:inbox")


mark_read.access_capability = OWN


def preference(request):
    if request.method != "POST":
        return redirect("notifications:inbox")
    form = PreferenceForm(request.POST)
    form.is_valid()  # a checkbox: absent is off
    enabled = form.cleaned_data.get("email_enabled", False)
    preference_set(user=request.user, email_enabled=enabled)
    messages.success(request, _("已开启邮件通知。") if enabled else _("已关闭邮件通知，通知仍会出现在这里。"))
    return redirect_after(request, request.POST.get("next") if url_has_allowed_host_and_scheme(
        request.POST.get("next"), allowed_hosts=None) else "notifications:inbox")


preference.access_capability = OWN
