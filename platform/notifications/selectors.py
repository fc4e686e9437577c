"""Reads of the inbox, and the recipients an event may reach."""
from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from accounts.models import Membership, Role
from notifications.models import EmailState, Notification, Preference
from tenancy.models import Organisation


def notification_list(*, user, organisation: Organisation, unread: bool | None = None) -> QuerySet[Notification]:
    """The person's notifications about one committee (the site they are on), newest first."""
    rows = Notification.objects.filter(user_id=user.pk, organisation_id=organisation.pk)
    if unread is True:
        rows = rows.filter(read_at__isnull=True)
    elif unread is False:
        rows = rows.filter(read_at__isnull=False)
    return rows


def unread_count(*, user, organisation: Organisation) -> int:
    """One query (the index ``notification_inbox``)."""
    return notification_list(user=user, organisation=organisation, unread=True).count()


def recipients_allowed(*, organisation: Organisation, user_ids: Iterable[int]) -> set[int]:
    """Those of ``user_ids`` who may hear about ``organisation``: active people holding a role
    in it, or provincial officers of its province. Nobody of another committee."""
    ids = {int(i) for i in user_ids if i is not None}
    if not ids:
        return set()
    where = Q(organisation_id=organisation.pk)
    if organisation.province_id:
        where |= Q(organisation_id=organisation.province_id, role=Role.PROVINCIAL_OFFICER)
    return set(
        Membership.objects.filter(where, user_id__in=ids, user__is_active=True)
        .values_list("user_id", flat=True).distinct()
    )


def recipients_with_role(*, organisation: Organisation, roles: Iterable[str], unit_id: int | None = None) -> list[int]:
    """Ids of the active people holding one of ``roles`` in ``organisation``; with ``unit_id``,
    unit staff only of that unit or tied to none (other roles are kept as they are)."""
    roles = list(roles)
    rows = Membership.objects.filter(organisation_id=organisation.pk, role__in=roles, user__is_active=True)
    if unit_id is not None:
        rows = rows.filter(~Q(role=Role.UNIT_STAFF) | Q(unit_id=unit_id) | Q(unit_id__isnull=True))
    return sorted(set(rows.values_list("user_id", flat=True)))


def email_enabled(user) -> bool:
    """Whether the person receives notifications by email (the default: yes)."""
    value = Preference.objects.filter(user_id=user.pk).values_list("email_enabled", flat=True).first()
    return True if value is None else value


def email_outbox_state() -> dict:
    """For /readyz: emails waiting to be sent, those that failed at least once, and given up."""
    pending = Notification.objects.filter(email_state=EmailState.PENDING)
    return {
        "pending": pending.count(),
        "failing": pending.filter(attempts__gt=0).count(),
        "failed": Notification.objects.filter(email_state=EmailState.FAILED).count(),
    }
