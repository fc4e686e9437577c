"""Reads on accounts."""
from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import ApiToken, User


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first, whatever their state."""
    return ApiToken.objects.filter(user=user).select_related("user")


def api_token_get(*, user: User, pk: int) -> ApiToken | None:
    """One of the user's own tokens (None for another user's, or none)."""
    return api_token_list(user=user).filter(pk=pk).first()


def api_token_for_key(key: str) -> ApiToken | None:
    return ApiToken.objects.select_related("user").filter(key_digest=ApiToken.digest(key)).first()
