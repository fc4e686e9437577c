"""Adapters from Django's auth signals to the audit service (no logic here)."""
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from operations.models import AuditEvent
from operations.services import audit_record


@receiver(user_logged_in, dispatch_uid="audit_login")
def _login(sender, request, user, **kwargs):
    audit_record(AuditEvent.Action.LOGIN, request=request, actor=user)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(AuditEvent.Action.LOGOUT, request=request, actor=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    audit_record(AuditEvent.Action.LOGIN_FAILED, request=request,
                 detail={"username": str(credentials.get("username", ""))[:150]})
