"""Reminders of what is due, for the committee of the active schema."""
import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Role
from tenancy.selectors import organisation_current
from tenants.reminders.models import Deadline, Notice
from tenants.reminders.selectors import deadline_list_due

# Who is reminded: the people who act on deadlines.
REMINDED_ROLES = (Role.TENANT_ADMIN, Role.UNIT_STAFF)


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

    Side effects: at most one Deadline row deleted (its notices stay). Returns whether one was removed.
    """
    deleted, _rows = Deadline.objects.filter(source=source, key=key).delete()
    return deleted > 0


@transaction.atomic
def reminders_send(*, today: dt.date | None = None) -> int:
    """Send today's reminders for open deadlines due within a week (or overdue).

    Side effects: one Notice per (recipient, deadline, day); running twice on
    the same day sends nothing new. Returns the number of notices created.
    """
    today = today or timezone.localdate()
    organisation = organisation_current()
    recipients = list(
        Membership.objects.filter(organisation_id=organisation.id, role__in=REMINDED_ROLES)
        .values_list("user_id", flat=True).distinct()
    )
    notices = []
    for deadline in deadline_list_due(today=today):
        days = (deadline.due_on - today).days
        when = "今天截止" if days == 0 else (f"已逾期 {-days} 天" if days < 0 else f"还有 {days} 天截止")
        unit = f"（{deadline.unit.name}）" if deadline.unit else ""
        for user_id in recipients:
            notices.append(Notice(
                user_id=user_id,
                title=f"{deadline.title}：{when}",
                body=f"截止日期 {deadline.due_on:%Y-%m-%d}{unit}",
                key=f"deadline:{deadline.id}:{today:%Y%m%d}",
            ))
    keys = {notice.key for notice in notices}
    before = Notice.objects.filter(key__in=keys).count()
    Notice.objects.bulk_create(notices, ignore_conflicts=True)
    return Notice.objects.filter(key__in=keys).count() - before
