"""Writes of the inbox: ``notify`` (called inside a workflow's own transaction), read marks,
the email preference, and the email outbox's drain.

How to notify (tenant and shared apps alike; this core app imports none of them)::

    from notifications.models import Kind
    from notifications.selectors import recipients_with_role
    from notifications.services import notify

    notify(
        organisation=committee,                       # the committee the event concerns
        recipients=recipients_with_role(organisation=committee, roles=[Role.TENANT_ADMIN]),
        kind=Kind.VALUE_RETURNED,
        title=gettext_noop("指标“%(indicator)s”的数值被退回"),  # a msgid; params fill it
        body=gettext_noop("审核意见：%(note)s"),
        params={"indicator": indicator.name, "note": note},
        url="/benchmark/report/",                      # a path on the committee's own site
        key=f"value:{value.pk}:returned:{value.version}",  # optional: the same key twice sends once
    )

Title and body are stored as message ids with their parameters and translated when shown
(the inbox in the reader's language, the email in the site's), so pass them through
``gettext_noop``. A recipient who holds no role in ``organisation`` (and is no provincial
officer of its province) is dropped and logged, never notified.

Email: each new row whose person has an address and has not turned email off is
``pending``; after commit the task ``notifications.email_send`` sends what is pending. If
the broker is down the rows wait: beat sends the task every minute and
``manage.py notifications_email`` drains by hand. A failed send is retried after
``retry_delay`` (1 minute, doubling, at most a day), and given up (``failed``) after
``EMAIL_MAX_ATTEMPTS``.
"""
from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.models import EmailState, Kind, Notification, Preference
from notifications.selectors import recipients_allowed
from tenancy.models import Domain, Organisation

logger = logging.getLogger(__name__)

EMAIL_BATCH = 100
EMAIL_MAX_ATTEMPTS = 8
RETRY_FIRST = datetime.timedelta(minutes=1)
RETRY_MAX = datetime.timedelta(days=1)
ERROR_CHARS = 2000


@transaction.atomic
def notify(
    *, organisation: Organisation, recipients: Iterable, kind: str, title: str, body: str = "",
    url: str = "", params: dict | None = None, key: str | None = None,
) -> list[Notification]:
    """Notify people about an event of ``organisation``; returns the rows created.

    ``recipients``: user ids (or users). With ``key``, a person already notified under
    that key for this committee is not notified again (idempotent).
    Side effects: one Notification per allowed recipient; after commit, the task
    ``notifications.email_send`` is sent (a broker failure is logged, the rows wait).
    """
    if kind not in Kind.values:
        raise ValidationError({"kind": f"unknown notification kind {kind!r}"})
    wanted = {int(getattr(r, "pk", r)) for r in recipients if r is not None}
    allowed = recipients_allowed(organisation=organisation, user_ids=wanted)
    if wanted - allowed:
        logger.warning("notifications: %s of %s dropped: no role in organisation %s",
                       sorted(wanted - allowed), kind, organisation.pk)
    key = (key or "")[:150]
    if key and allowed:
        allowed -= set(Notification.objects.filter(organisation_id=organisation.pk, key=key, user_id__in=allowed)
                       .values_list("user_id", flat=True))
    if not allowed:
        return []
    from accounts.models import User

    users = User.objects.filter(pk__in=allowed).values_list("pk", "email")
    no_email = set(Preference.objects.filter(user_id__in=allowed, email_enabled=False).values_list("user_id", flat=True))
    rows = []
    for user_id, address in sorted(users):
        row = Notification(
            user_id=user_id, organisation=organisation, kind=kind, title=str(title)[:200], body=str(body),
            params=params or {}, url=url[:500], key=key,
            email_state=EmailState.PENDING if address and user_id not in no_email else EmailState.SKIPPED,
        )
        # the key's uniqueness was checked above in one query (and bulk_create ignores a race)
        row.full_clean(exclude=["user", "organisation"], validate_unique=False, validate_constraints=False)
        rows.append(row)
    created = Notification.objects.bulk_create(rows, ignore_conflicts=bool(key))
    if any(r.email_state == EmailState.PENDING for r in rows):
        transaction.on_commit(_send_email_later)
    return created


def _send_email_later() -> None:
    from notifications.tasks import email_send_task

    try:
        email_send_task.delay()
    except Exception:  # broker down (or the eager send failed): the rows wait for the next drain
        logger.warning("notifications: email_send not run now; the pending rows wait", exc_info=True)


@transaction.atomic
def notification_mark_read(*, user, organisation: Organisation, ids: Iterable[int] | None = None) -> int:
    """Mark the person's notifications of this committee read (``ids``: these, else all).
    Another person's ids are ignored. Side effects: read_at of the rows. Returns how many."""
    rows = Notification.objects.filter(user_id=user.pk, organisation_id=organisation.pk, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=[int(i) for i in ids])
    return rows.update(read_at=timezone.now())


@transaction.atomic
def preference_set(*, user, email_enabled: bool) -> Preference:
    """Turn notification emails on or off for the person. Side effects: one Preference row;
    their pending emails are not sent when turned off."""
    preference, _created = Preference.objects.get_or_create(user_id=user.pk)
    preference.email_enabled = bool(email_enabled)
    preference.full_clean(exclude=["user"])
    preference.save(update_fields=["email_enabled"])
    if not preference.email_enabled:
        Notification.objects.filter(user_id=user.pk, email_state=EmailState.PENDING).update(
            email_state=EmailState.SKIPPED)
    return preference


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long a row waits after its ``attempts``-th failed send: 1 min × 2^(attempts − 1), at most a day."""
    return min(RETRY_FIRST * 2 ** min(max(attempts - 1, 0), 20), RETRY_MAX)


def email_pending_send(*, batch: int = EMAIL_BATCH) -> int:
    """Send the pending emails that are due; returns how many were sent.

    Each batch is one transaction: rows are locked (SKIP LOCKED: two workers never send
    the same row), each is sent and marked ``sent``; a send that fails keeps the row
    pending with attempts + 1, the error and its next attempt (``failed`` after
    ``EMAIL_MAX_ATTEMPTS``). A person who turned email off or has no address is ``skipped``.
    """
    sent = 0
    while True:
        with transaction.atomic():
            now = timezone.now()
            rows = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(email_state=EmailState.PENDING)
                .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
                .select_related("user", "organisation").order_by("id")[:batch]
            )
            if not rows:
                return sent
            off = set(Preference.objects.filter(user_id__in={r.user_id for r in rows}, email_enabled=False)
                      .values_list("user_id", flat=True))
            domains = dict(Domain.objects.filter(tenant_id__in={r.organisation_id for r in rows}, is_primary=True)
                           .values_list("tenant_id", "domain"))
            connection = get_connection()
            for row in rows:
                if not row.user.email or row.user_id in off or not row.user.is_active:
                    row.email_state = EmailState.SKIPPED
                    row.save(update_fields=["email_state"])
                    continue
                try:
                    _message(row, domains.get(row.organisation_id), connection).send()
                except Exception as error:
                    row.attempts += 1
                    row.last_error = f"{type(error).__name__}: {error}"[:ERROR_CHARS]
                    row.next_attempt_at = now + retry_delay(row.attempts)
                    if row.attempts >= EMAIL_MAX_ATTEMPTS:
                        row.email_state = EmailState.FAILED
                    logger.warning("notifications: email of notification %s failed (attempt %s)",
                                   row.pk, row.attempts, exc_info=True)
                    row.save(update_fields=["attempts", "last_error", "next_attempt_at", "email_state"])
                    continue
                row.email_state = EmailState.SENT
                row.last_error = ""
                row.save(update_fields=["email_state", "last_error"])
                sent += 1


def site_url(domain: str | None, path: str) -> str:
    """The absolute address of ``path`` on a committee's site (the link an email carries)."""
    if not domain or not path:
        return ""
    port = f":{settings.CPPCC_SITE_PORT}" if settings.CPPCC_SITE_PORT else ""
    return f"{settings.CPPCC_SITE_SCHEME}://{domain}{port}{path}"


def _message(row: Notification, domain: str | None, connection) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        title, body = row.title_text(), row.body_text()
        link = site_url(domain, row.url)
        lines = [body] if body else []
        if link:
            lines.append(_("去处理：%(link)s") % {"link": link})
        lines.append("")
        lines.append(_("——%(organisation)s · 政协工作平台。不想收到邮件？在“通知”页面关闭邮件通知。")
                     % {"organisation": row.organisation.name})
        subject = f"[{row.organisation.short_name}] {title}"
    return EmailMessage(subject=subject, body="\n".join(lines), to=[row.user.email], connection=connection)
