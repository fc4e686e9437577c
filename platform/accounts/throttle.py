"""The sign-in throttle: one for the sign-in page and the API's token endpoint, on every host.

Failures are counted in the ``global`` cache (no committee prefix: an account is
the same on every committee's host, so guesses on one host count on all), keyed
by a digest of the account name (lower-cased; names that do not exist are counted
like any other, so the answer says nothing about who exists) and of the client's
real address (``accounts.client_address``: behind the proxy, the address the
proxy saw). Two counters, both over ``LOGIN_FAILURE_WINDOW_SECONDS`` from the
first failure:

- per (account, address): at ``LOGIN_FAILURE_LIMIT`` failures that address is
  refused for that account, even with the right password;
- per account, whatever the address: at ``LOGIN_ACCOUNT_FAILURE_LIMIT`` the account
  is under attack, and every address that has failed for it at least once is
  refused for it.

An address with no failure for the account is never refused: the owner signing
in from their own machine gets in with the right password while an attacker
spreads guesses over many addresses, so nobody can lock a named account out. An
attacker with N addresses gets at most ``LOGIN_ACCOUNT_FAILURE_LIMIT + N`` guesses
a window (one per new address once the account is under attack). A successful
sign-in clears its own (account, address) counter, not the account's.

When the cache cannot be reached (Redis down) the counters live in this
process's memory until it is back: the throttle holds per process instead of
failing, and sign-in keeps working. A warning is logged once per outage.
"""
from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

logger = logging.getLogger(__name__)

#: the cache alias whose keys do not depend on the committee (settings.CACHES)
GLOBAL_CACHE = "global"
_fallback = LocMemCache("accounts-throttle-fallback", {"OPTIONS": {"MAX_ENTRIES": 100_000}})
_outage = False


def _digest(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def _account(username: str) -> str:
    return username.strip().lower()


def _pair_key(address: str | None, username: str) -> str:
    return "login-failures:pair:" + _digest(address or "-", _account(username))


def _account_key(username: str) -> str:
    return "login-failures:account:" + _digest(_account(username))


def _call(method: str, *args, **kwargs):
    """The shared cache's answer, or this process's own when the cache is down."""
    global _outage
    try:
        answer = getattr(caches[GLOBAL_CACHE], method)(*args, **kwargs)
    except Exception:
        if not _outage:
            _outage = True
            logger.warning("sign-in throttle: cache unreachable, counting in this process", exc_info=True)
        return getattr(_fallback, method)(*args, **kwargs)
    if _outage:
        _outage = False
        logger.warning("sign-in throttle: cache reachable again")
    return answer


def _count(key: str) -> int:
    return int(_call("get", key, 0) or 0)


def _increment(key: str) -> int:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    _call("add", key, 0, timeout=window)
    try:
        return _call("incr", key)
    except ValueError:  # expired between add and incr
        _call("set", key, 1, timeout=window)
        return 1


def login_blocked(*, address: str | None, username: str) -> bool:
    """Whether a sign-in as `username` from `address` is refused now (see the module's docstring)."""
    here = _count(_pair_key(address, username))
    if here >= settings.LOGIN_FAILURE_LIMIT:
        return True
    return here > 0 and _count(_account_key(username)) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT


def login_failure_record(*, address: str | None, username: str) -> None:
    _increment(_pair_key(address, username))
    _increment(_account_key(username))


def login_failures_clear(*, address: str | None, username: str) -> None:
    _call("delete", _pair_key(address, username))


def retry_after_seconds() -> int:
    """What a refused client is told to wait (the window: counters start at the first failure)."""
    return settings.LOGIN_FAILURE_WINDOW_SECONDS
