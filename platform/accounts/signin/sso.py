"""One sign-in for the network: network sessions and one-time tickets between sites.

Every site keeps its own session cookie (host-only, Secure, HttpOnly, SameSite
as set in settings) and its own CSRF cookie. What joins them is server-side:

- a **network session** is an id, made when a person signs in with their
  password, kept in the data of every session it reaches
  (``NETWORK_SESSION_KEY``) and copied to ``signin.Session.network_id``;
  signing out anywhere deletes every session row with that id
  (``network_sign_out``), so every site is signed out at once;
- a **ticket** carries a network session from a site where the person is signed
  in (the issuer) to another (the receiver): it is signed (``django.core.signing``),
  names its receiver's host and a state that only the receiving browser's
  session holds, lives ``TICKET_SECONDS``, and works once (its row's
  ``used_at``). The receiver redirects only to a path of its own, or (the
  platform host) to a registered committee's site.

The platform host (``settings.BASE_DOMAIN``, the console) is the centre: it is
signed in whenever any site of a person who works on more than one site is,
and it issues the tickets to committees' sites. The flows are in
``accounts.signin.views`` and ARCHITECTURE.md.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY
from django.core import signing
from django.db import transaction
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.models import Membership, Role, User
from accounts.signin.models import Session, SignInTicket
from accounts.signin.sessions import NETWORK_SESSION_KEY, SessionStore
from tenancy.middleware import TenantMiddleware
from tenancy.models import Domain, Level

#: how long a ticket works after it is made (it is used at once, by a redirect)
TICKET_SECONDS = 60
#: the session's key holding the states of sign-ins this browser asked another site for
STATES_KEY = "_cppcc_sso_states"
_STATES_KEPT = 5
_SALT = "accounts.signin.ticket"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


# --- sites -------------------------------------------------------------------------

def host_of(request) -> str:
    """The request's host name as the tenant middleware reads it (lower case, no port, no dot)."""
    return TenantMiddleware.hostname_from_request(request)


def platform_host() -> str:
    return settings.BASE_DOMAIN.lower()


def site_domain(host: str) -> Domain | None:
    """The registered Domain row of `host` (a committee's site or the platform), else None."""
    if not host:
        return None
    return Domain.objects.select_related("tenant").filter(domain=host.lower().rstrip(".")).first()


def site_url(request, host: str, path: str) -> str:
    """`path` on the site `host`, reached the way this request reached us (scheme and port).

    Every site is served by the same deployment, so a committee's site answers
    on the scheme and port the platform's host answered on."""
    _host, port = split_domain_port(request.get_host())
    return f"{request.scheme}://{host}{':' + port if port else ''}{path}"


def safe_path(value: str | None) -> str:
    """`value` if it is a path on this site ('/…'), else '/'."""
    if value and value.startswith("/") and url_has_allowed_host_and_scheme(value, allowed_hosts=set()):
        return value
    return "/"


def registered_url(value: str) -> str | None:
    """`value` if it is an http(s) URL on a registered site, else None."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        return None
    return value if site_domain(parts.hostname) is not None else None


def signs_in_elsewhere(user: User, organisation) -> bool:
    """Whether `user` works on another site than `organisation`'s, so the centre must know them."""
    for organisation_id, role in Membership.objects.filter(user=user).values_list("organisation_id", "role"):
        if role in (Role.PROVINCIAL_OFFICER, Role.PLATFORM_OPERATOR) or organisation_id != organisation.id:
            return True
    return False


def is_platform(domain: Domain) -> bool:
    return domain.tenant.level == Level.PLATFORM


# --- network sessions --------------------------------------------------------------

def network_session_start(request) -> str:
    """Give the request's (just signed-in) session a new network session; returns its id."""
    network_id = secrets.token_hex(16)
    request.session[NETWORK_SESSION_KEY] = network_id
    return network_id


def network_session_join(request, network_id: str) -> None:
    request.session[NETWORK_SESSION_KEY] = network_id


def network_session_of(request) -> str:
    """The network session of the request's session ('' when it has none)."""
    session = getattr(request, "session", None)
    return str(session.get(NETWORK_SESSION_KEY, "")) if session is not None else ""


@transaction.atomic
def network_sign_out(*, network_id: str) -> int:
    """End the network session `network_id` on every site.

    Side effects: every signin.Session row of it is deleted (each site's next
    request is anonymous); its unused tickets are spent. Returns how many
    sessions were ended."""
    if not network_id:
        return 0
    ended, _ = Session.objects.filter(network_id=network_id).delete()
    SignInTicket.objects.filter(network_id=network_id, used_at__isnull=True).update(used_at=timezone.now())
    return ended


@transaction.atomic
def sessions_end_for_password(*, user: User, keep_session_key: str | None = None,
                              keep_network_id: str = "") -> int:
    """After `user`'s password changed: end their other sessions, keep this browser's.

    Sessions of other browsers are deleted. The sessions of the network session
    `keep_network_id` (this browser on the other sites) stay signed in: their
    stored password digest is brought up to date, as Django's
    ``update_session_auth_hash`` does for the current one. With neither to
    keep (a reset by email), every session of the user ends. Returns how many
    were deleted."""
    sessions = Session.objects.filter(user_id=user.pk)
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    if keep_network_id:
        siblings = list(sessions.filter(network_id=keep_network_id).values_list("session_key", flat=True))
        sessions = sessions.exclude(network_id=keep_network_id)
    else:
        siblings = []
    ended, _ = sessions.delete()
    for session_key in siblings:
        store = SessionStore(session_key=session_key)
        if store.get(HASH_SESSION_KEY) is not None:
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.save()
    return ended


# --- tickets -----------------------------------------------------------------------

def state_remember(request) -> str:
    """A new state for a sign-in this browser asks another site for, kept in its session."""
    state = secrets.token_urlsafe(16)
    states = [*request.session.get(STATES_KEY, [])][-(_STATES_KEPT - 1):]
    request.session[STATES_KEY] = [*states, state]
    return state


def _state_take(request, state: str) -> bool:
    states = list(request.session.get(STATES_KEY, []))
    if not state or state not in states:
        return False
    states.remove(state)
    request.session[STATES_KEY] = states
    return True


@transaction.atomic
def ticket_issue(*, user: User, network_id: str, site: str, state: str, destination: str) -> str:
    """A ticket that signs `user` in on the host `site` once, within TICKET_SECONDS.

    Side effects: one SignInTicket row (its key's digest); expired rows are
    removed."""
    now = timezone.now()
    SignInTicket.objects.filter(expires_at__lt=now - timedelta(hours=1)).delete()
    key = secrets.token_urlsafe(32)
    SignInTicket.objects.create(
        key_digest=_digest(key), user=user, network_id=network_id, site=site,
        destination=destination[:2000], created_at=now, expires_at=now + timedelta(seconds=TICKET_SECONDS))
    return signing.dumps({"k": key, "s": site, "t": state}, salt=_SALT, compress=False)


@transaction.atomic
def ticket_redeem(request, *, ticket: str) -> SignInTicket | None:
    """The ticket's row if `ticket` may sign this browser in on this host now, else None.

    Refused: a bad signature or one older than TICKET_SECONDS, another host's
    ticket, a state this browser's session does not hold, a ticket used before,
    a deactivated user, a network session that has ended. Side effects: the
    row's used_at (it never works again) and the state leaves the session."""
    try:
        payload = signing.loads(ticket or "", salt=_SALT, max_age=TICKET_SECONDS)
    except signing.BadSignature:
        return None
    here = host_of(request)
    if not isinstance(payload, dict) or payload.get("s") != here:
        return None
    if not _state_take(request, str(payload.get("t", ""))):
        return None
    now = timezone.now()
    spent = SignInTicket.objects.filter(
        key_digest=_digest(str(payload.get("k", ""))), site=here, used_at__isnull=True, expires_at__gt=now,
    ).update(used_at=now)
    if spent != 1:
        return None
    row = SignInTicket.objects.select_related("user").get(key_digest=_digest(str(payload["k"])))
    if not row.user.is_active:
        return None
    if not Session.objects.filter(network_id=row.network_id, expire_date__gt=now).exists():
        return None
    return row


def authorize_url(request, *, issuer: str, destination: str) -> str:
    """Where to ask the site `issuer` for a ticket to this host, landing on `destination` afterwards."""
    query = urlencode({"site": host_of(request), "state": state_remember(request), "next": destination})
    return site_url(request, issuer, "/sso/authorize/?" + query)
