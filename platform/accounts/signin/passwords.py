"""Passwords: a person's own change, the reset by email and its throttle.

The reset throttle counts every request for a reset link (whether the address
names an account or not, so its answer says nothing about who exists) in the
sign-in throttle's cache (``accounts.throttle``: across hosts, the real client
address, per process while the cache is down): per client address and per
e-mail address within ``LOGIN_FAILURE_WINDOW_SECONDS``.
"""
from __future__ import annotations

import hashlib

from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import api_tokens_revoke_all
from accounts.signin.sso import sessions_end_for_password
from accounts.throttle import _count, _increment

#: reset links asked for from one client address, and for one e-mail address, per window
RESET_ADDRESS_LIMIT = 10
RESET_EMAIL_LIMIT = 3
RESET_SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"
RESET_EMAIL_TEMPLATE = "registration/password_reset_email.txt"


def _key(kind: str, value: str) -> str:
    return f"password-reset:{kind}:" + hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def reset_blocked(*, address: str | None, email: str) -> bool:
    """Whether another reset link may not be sent now (for `email`, or from `address`)."""
    return (_count(_key("address", address or "-")) >= RESET_ADDRESS_LIMIT
            or _count(_key("email", email)) >= RESET_EMAIL_LIMIT)


def reset_request_record(*, address: str | None, email: str) -> None:
    _increment(_key("address", address or "-"))
    _increment(_key("email", email))


@transaction.atomic
def password_set(*, user: User, password: str, keep_session_key: str | None = None,
                 keep_network_id: str = "", temporary: bool = False) -> int:
    """Give `user` the (already validated) `password`; sign out everywhere else.

    A `temporary` password (an administrator's reset) must be changed at the next
    sign-in; a password the person chose clears that. Side effects: the user's
    password hash and User.password_must_change; every API token of theirs revoked
    (the token rules: a password change revokes them all); their sessions in
    other browsers deleted, those of this browser (`keep_session_key` and the
    sites of `keep_network_id`) kept (a reset by email keeps none). Returns how
    many sessions were ended."""
    user.set_password(password)
    user.password_must_change = temporary
    user.save(update_fields=["password", "password_must_change"])
    api_tokens_revoke_all(user=user)
    return sessions_end_for_password(user=user, keep_session_key=keep_session_key,
                                     keep_network_id=keep_network_id)


def reset_mail_send(*, request, user: User) -> bool:
    """Mail `user` the one-time link to set a password, as the reset page does.

    For an administrator's reset or a new account's first password: the link
    opens on the host of `request`. Returns False (nothing sent) when the
    account is inactive or has no e-mail address. Side effects: one e-mail
    (Django's email framework; a failing server is logged, not raised)."""
    if not user.is_active or not user.email:
        return False
    host = request.get_host()
    context = {
        "email": user.email, "domain": host, "site_name": host, "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user),
        "protocol": "https" if request.is_secure() else "http",
    }
    PasswordResetForm().send_mail(RESET_SUBJECT_TEMPLATE, RESET_EMAIL_TEMPLATE, context, None, user.email)
    return True


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its message in Chinese first (Django's Chinese catalogue lacks this one's new wording)."""

    def get_error_message(self):
        return _("密码太短，至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}
