from django import template

from notifications.selectors import email_enabled

register = template.Library()


@register.simple_tag
def notification_email_enabled(user) -> bool:
    """Whether ``user`` receives notifications by email (for the account page's section)."""
    return bool(user and user.is_authenticated and email_enabled(user))
