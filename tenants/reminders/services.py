"""Reminders of what is due, for the committee of the active schema.

An app whose deadlines concern other people than the committee's administrators and unit staff
(a proposal's answer deadline: the handling units' staff) registers who is told, and where the
reminder opens, for its ``source`` (``deadline_audience_register``); an app with reminders that
are no committee deadline (a co-sign invitation, private to a draft) registers a sender the daily
task calls (``reminder_sender_register``), using the same stages (``reminder_stage``).
"""
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from django.urls import reverse
from django.utils.translation import gettext_noop

from accounts.models import Role
from notifications.models import Kind
from notifications.selectors import recipients_with_role
from notifications.services import notify
from tenancy.selectors import organisation_current
from tenants.reminders.models import Deadline
from tenants.reminders.selectors import DEADLINE_WINDOW_DAYS, deadline_list_due

# Who is reminded: the people who act on deadlines.
REMINDED_ROLES = (Role.TENANT_ADMIN, Role.UNIT_STAFF)


@dataclass(frozen=True)
class Audience:
    """Who is reminded of a deadline (user ids of the active committee) and the page it opens."""

    recipients: list[int]
    url: str


#: source -> (deadline -> its Audience, or None for the default: administrators and unit staff)
_audiences: dict[str, Callable[[Deadline], Audience | None]] = {}
#: callables (today=) -> notifications created, called by every daily run after the deadlines
_senders: list[Callable[..., int]] = []


def deadline_audience_register(*, source: str, audience: Callable[[Deadline], Audience | None]) -> None:
    _audiences[source] = audience


def reminder_sender_register(sender: Callable[..., int]) -> None:
    if sender not in _senders:
        _senders.append(sender)


@transaction.atomic
def deadline_create(*, title: str, due_on: dt.date, unit=None) -> Deadline:
    """A deadline entered by hand (no source, no key). Side effects: one Deadline."""
    deadline = Deadline(title=title, due_on=due_on, unit=unit)
    deadline.full_clean()
    deadline.save()
    return deadline


@transaction.atomic
def deadline_register(
    *, source: str, key: str, title: str, due_on: dt.date, unit=None, done: bool = False,
) -> tuple[Deadline, bool]:
    """Create the app's deadline ``(source, key)``, or bring it up to date (title, day, unit, done).

    Idempotent: registering the same values again writes nothing.
    Side effects: at most one Deadline row. Returns (deadline, created).
    """
    deadline = Deadline.objects.select_for_update().filter(source=source, key=key).first()
    created = deadline is None
    if created:
        deadline = Deadline(source=source, key=key)
    wanted = {"title": title, "due_on": due_on, "unit_id": getattr(unit, "pk", unit), "done": done}
    if not created and all(getattr(deadline, name) == value for name, value in wanted.items()):
        return deadline, False
    for name, value in wanted.items():
        setattr(deadline, name, value)
    deadline.full_clean()
    deadline.save()
    return deadline, created


@transaction.atomic
def deadline_close(*, source: str, key: str) -> bool:
    """Mark the app's deadline ``(source, key)`` done, if it exists and is open. Idempotent.

    Side effects: at most one Deadline row. Returns whether one was closed.
    """
    return Deadline.objects.filter(source=source, key=key, done=False).update(done=True) > 0


@transaction.atomic
def deadline_withdraw(*, source: str, key: str) -> bool:
    """Remove the app's deadline ``(source, key)``: what it was about no longer exists. Idempotent.

    Side effects: at most one Deadline row deleted (notifications sent about it stay). Returns whether one was removed.
    """
    deleted, _rows = Deadline.objects.filter(source=source, key=key).delete()
    return deleted > 0


#: days left on which a reminder is sent (once each, by then), and the overdue one after the day
REMINDER_STAGES = (14, 7, 3, 1, 0)


def reminder_stage(days_left: int) -> str | None:
    """The reminder a deadline with ``days_left`` is due (``passed`` once overdue), or None."""
    if days_left < 0:
        return "passed"
    reached = [stage for stage in REMINDER_STAGES if days_left <= stage]
    return str(min(reached)) if reached else None


@transaction.atomic
def reminders_send(*, today: dt.date | None = None) -> int:
    """Notify of open deadlines as they come near (14, 7, 3, 1 days before, on the day) and once when passed.

    Recipients: the audience the deadline's source registered (deadline_audience_register),
    else the committee's administrators and its unit staff (of the deadline's unit, or not
    tied to one). Each reminder goes once per deadline, due day and stage (the notification
    key), so running daily, or twice a day, or after a missed day sends each once. Then the
    registered senders send their own reminders (reminder_sender_register). Side effects:
    notifications.Notification rows (and their emails, after commit). Returns the number of
    notifications created.
    """
    today = today or timezone.localdate()
    organisation = organisation_current()
    sent = 0
    for deadline in deadline_list_due(today=today, within_days=DEADLINE_WINDOW_DAYS):
        days = (deadline.due_on - today).days
        stage = reminder_stage(days)
        if stage is None:
            continue
        if days < 0:
            kind, title = Kind.DEADLINE_PASSED, gettext_noop("%(title)s：已逾期 %(days)s 天")
        elif days == 0:
            kind, title = Kind.DEADLINE_APPROACHING, gettext_noop("%(title)s：今天截止")
        else:
            kind, title = Kind.DEADLINE_APPROACHING, gettext_noop("%(title)s：还有 %(days)s 天截止")
        audience = _audiences[deadline.source](deadline) if deadline.source in _audiences else None
        if audience is None:
            audience = Audience(recipients=recipients_with_role(organisation=organisation, roles=REMINDED_ROLES,
                                                                unit_id=deadline.unit_id), url=reverse("home"))
        recipients = audience.recipients
        sent += len(notify(
            organisation=organisation, recipients=recipients, kind=kind, title=title,
            body=gettext_noop("截止日期 %(due_on)s%(unit)s"),
            params={"title": deadline.title, "days": abs(days), "due_on": f"{deadline.due_on:%Y-%m-%d}",
                    "unit": f"（{deadline.unit.name}）" if deadline.unit else ""},
            url=audience.url, key=f"deadline:{deadline.id}:{deadline.due_on:%Y%m%d}:{stage}",
        ))
    for sender in _senders:
        sent += sender(today=today)
    return sent
