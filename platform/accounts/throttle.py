"""Rate-limited sign-in: too many failures for one account from one address pause it."""
from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(ip: str | None, username: str) -> str:
    digest = hashlib.sha256(f"{ip or '-'}|{username.strip().lower()}".encode()).hexdigest()[:32]
    return f"login-failures:{digest}"


def login_blocked(*, ip: str | None, username: str) -> bool:
    return cache.get(_key(ip, username), 0) >= settings.LOGIN_FAILURE_LIMIT


def login_failure_record(*, ip: str | None, username: str) -> int:
    key = _key(ip, username)
    cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
        return 1


def login_failures_clear(*, ip: str | None, username: str) -> None:
    cache.delete(_key(ip, username))
