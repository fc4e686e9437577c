"""Sessions that carry their network session, and the one-time sign-in tickets between sites."""
from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _


class Session(AbstractBaseSession):
    """A browser signed in on one host (Django's database session, with two columns more).

    ``user_id`` and ``network_id`` are copied from the session's data on every
    save (``accounts.signin.sessions.SessionStore``), so that the sessions of a
    person (a password change) or of one network session (signing out
    everywhere) are found and deleted with one query, on the server."""

    user_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    network_id = models.CharField(max_length=32, blank=True, db_index=True)

    class Meta(AbstractBaseSession.Meta):
        db_table = "signin_session"
        verbose_name = _("会话")
        verbose_name_plural = _("会话")

    @classmethod
    def get_session_store_class(cls):
        from accounts.signin.sessions import SessionStore

        return SessionStore


class SignInTicket(models.Model):
    """A sign-in ticket 登录票据: one site tells another who is signed in, once.

    Made by ``accounts.signin.sso.ticket_issue`` for one target host; only the
    digest of its random key is kept. It works once (``used_at``), until
    ``expires_at``, on its ``site`` only, and only while its network session
    has a live session somewhere."""

    key_digest = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    network_id = models.CharField(max_length=32, db_index=True)
    site = models.CharField(max_length=253)
    destination = models.CharField(max_length=2000)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("登录票据")
        verbose_name_plural = _("登录票据")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.site}"
