"""The API's token authentication: `Authorization: Token <key>` with an accounts.ApiToken.

First in REST_FRAMEWORK's authentication classes, so that a token that does not
work (unknown, revoked, expired, its owner's password changed or account
deactivated) is refused with 401 and ``WWW-Authenticate: Token``. A request with
no credentials at all (no token, not signed in) is a 401 too, with the same
challenge: HTTP's "authenticate first"; 403 is kept for a signed-in user or a
working token without the capability. While a person's password is a temporary
one (User.password_must_change) their tokens and their session are refused with
403, code ``password_change_required``: they change it on the web page first.
"""
from __future__ import annotations

from django.utils import timezone
from drf_spectacular.authentication import SessionScheme as DrfSessionScheme
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication as DrfSessionAuthentication
from rest_framework.authentication import TokenAuthentication

from accounts.models import ApiToken
from accounts.selectors import api_token_for_key
from accounts.services import PASSWORD_CHANGE_REQUIRED, PASSWORD_CHANGE_REQUIRED_MESSAGE, api_token_touch


def password_change_refused() -> exceptions.PermissionDenied:
    """The API's answer (403, code password_change_required) while the password is a temporary one."""
    return exceptions.PermissionDenied(str(PASSWORD_CHANGE_REQUIRED_MESSAGE), code=PASSWORD_CHANGE_REQUIRED)


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        token = api_token_for_key(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("令牌无效或已撤销。"))
        state = token.state()
        if state == ApiToken.State.REVOKED:
            raise exceptions.AuthenticationFailed(_("令牌无效或已撤销。"))
        if state == ApiToken.State.EXPIRED:
            raise exceptions.AuthenticationFailed(_("令牌已过期，请重新获取。"))
        if token.user.password_must_change:
            raise password_change_refused()
        api_token_touch(token=token, now=timezone.now())
        return token.user, token

    def authenticate_header(self, request):
        # DRF answers NotAuthenticated / AuthenticationFailed with 401 exactly when the first
        # authentication class names a challenge; the session has none, so the token's is it.
        return self.keyword


class SessionAuthentication(DrfSessionAuthentication):
    """DRF's session authentication, refusing a session whose password must be changed first."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and result[0].password_must_change:
            raise password_change_refused()
        return result


class SessionScheme(DrfSessionScheme):
    """The OpenAPI schema documents this session authentication as DRF's (the session cookie)."""

    target_class = "accounts.authentication.SessionAuthentication"
