"""The reusable tenant-isolation check.

Every route of a committee's host is found by walking the URLconf, so a new
page or endpoint is checked without being listed. Each tenant app registers a
marker factory below: it writes rows carrying a marker text into the active
schema. The tests put 资阳's markers in 资阳 and 金华's in 金华, then ask every
route, as every kind of user, and require that nothing of the other committee
comes back.

To extend it in a later app: add a factory to MARKER_FACTORIES (and, if the
app adds a public route, justify it in PUBLIC_ROUTES).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Routes of a committee's host that anyone may call (no committee data behind them;
# the access tokens pages and endpoints show and revoke the signed-in user's own tokens).
PUBLIC_ROUTES = {
    "login", "logout", "set_language", "api-me", "api-token", "api-schema", "api-docs",
    "account-tokens", "account-token-revoke", "api-tokens", "api-token-revoke",
    # the signed-in user's own account page and password; the reset by e-mail and the
    # network sign-in's redirects (accounts.signin) answer anyone and show no committee data
    "account", "password_change", "password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete", "sso-start", "sso-authorize", "sso-accept",
    # proposals and answers the office published on the committee's site (tenants.proposals.views_public):
    # published ones only, which are also in the network's search
    "proposals:public", "proposals:public_detail",
}
# Routes only the committee's administrators may open, even to read (people and their accounts):
# its other users get 403 there.
ADMINISTER_ROUTES = {"people:list", "people:new", "people:edit", "people:active", "people:password", "people:reset_link",
                     "structure:member_import", "structure:member_import_confirm", "structure:member_template",
                     "api-people", "api-person", "api-person-active", "api-person-password",
                     "programmes:item_edit"}  # an item's edit form (the plan page's office)
# Routes only the committee's staff (EDIT) may open, even to read; its viewers and provincial
# officers get 403 there. A member's own summary is theirs too (programmes.views_duty).
EDIT_ROUTES = {"programmes:committee_duty_xlsx", "programmes:member_duty_docx",
               "proposals:register_xlsx"}  # the proposals register: the committee's staff
# Routes only handling units' staff (承办单位, the handler role's HANDLE) open: everyone else of the
# committee gets 403 there, and a handler gets 403 everywhere else (tenants.proposals.views_handling).
HANDLE_ROUTES = {"proposals:handling", "proposals:handling_detail", "proposals:handling_answer",
                 "proposals:handling_countersign", "proposals:handling_change",
                 "api-proposal-handling", "api-proposal-handling-detail", "api-proposal-handling-answer",
                 "api-proposal-handling-answer-submit", "api-proposal-handling-countersign",
                 "api-proposal-handling-change"}
# One's own notifications (INBOX): everyone with a role in the committee, handlers included.
INBOX_ROUTES = {"notifications:inbox", "notifications:open", "notifications:read", "notifications:preference",
                "api-notifications", "api-notifications-unread", "api-notification-read"}
# Ids given to marker rows: far above any id the demo uses, so a foreign id
# never names a row of the host's own schema by accident.
MARKER_ID = 900_001


@dataclass(frozen=True)
class Route:
    path: str          # with <int:pk> style converters filled by `url(pk)`
    name: str
    kwargs: tuple[str, ...]
    is_api: bool

    def url(self, pk: int = MARKER_ID) -> str:
        url = "/" + self.path
        for kwarg in self.kwargs:
            url = url.replace(f"<int:{kwarg}>", str(pk)).replace(f"<{kwarg}>", str(pk))
        return url


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns == "admin":
                continue  # the admin has its own check
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern),
                             f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern):
            path = prefix + str(entry.pattern)
            name = f"{namespace}{entry.name}" if entry.name else path
            yield Route(path=path, name=name, kwargs=tuple(entry.pattern.converters),
                        is_api=path.startswith("api/"))


def body_text(response) -> str:
    """What a response shows: its text, or for an office file (.xlsx, .docx: zip archives) the
    text of the XML parts inside it, so a marker in a download is found as on a page."""
    import io
    import zipfile

    content = response.content
    if content[:2] == b"PK" and "officedocument" in response.get("Content-Type", ""):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(archive.read(name).decode("utf-8", errors="replace")
                           for name in archive.namelist() if name.endswith(".xml"))
    return content.decode(errors="replace")


def tenant_routes() -> list[Route]:
    return list(_walk(get_resolver("config.urls_tenant").url_patterns))


def _structure_markers(text: str) -> None:
    from tenants.structure.models import Leader, Member, Sector, Unit

    unit = Unit.objects.create(id=MARKER_ID, name=f"{text}委员会", duties=text)
    sector = Sector.objects.create(id=MARKER_ID, name=f"{text}界")
    Member.objects.create(id=MARKER_ID, name=f"{text}委员", sector=sector, unit=unit, affiliation=text)
    leader = Leader.objects.create(id=MARKER_ID, name=f"{text}主席", title="vice_chair")
    leader.units.add(unit)


def _reminder_markers(text: str) -> None:
    import datetime as dt

    from django.db import connection

    from accounts.models import User
    from notifications.models import Kind, Notification
    from tenancy.models import Organisation
    from tenants.reminders.models import Deadline

    Deadline.objects.create(id=MARKER_ID, title=f"{text}事项", due_on=dt.date.today())
    # the inbox (public schema) stamps each row with its committee: everyone gets a marker
    # notification of this committee, which no other committee's site may show (ids from the
    # sequence: both committees' rows share the table; tests/platform/notifications opens
    # another committee's id)
    organisation = Organisation.objects.get(schema_name=connection.schema_name)
    for user in User.objects.all():
        Notification.objects.create(user=user, organisation=organisation, kind=Kind.DEADLINE_APPROACHING,
                                    title=f"{text}通知", url="/", key=f"marker:{user.id}")


# Apps added later register their factories in their own test folder: a module
# named below with a `plant_markers(text)` function (and MARKER_ID for ids).
MARKER_MODULES = [
    "tests.platform.accounts.people_markers",
    "tests.tenants.programmes.markers",
    "tests.tenants.golden_ideas.markers",
    "tests.tenants.proposals.markers",
    "tests.tenants.opinions.markers",
]
MARKER_FACTORIES: list[Callable[[str], None]] = [_structure_markers, _reminder_markers]


def markers_plant(text: str) -> None:
    import importlib

    factories = list(MARKER_FACTORIES)
    for name in MARKER_MODULES:
        factories.append(importlib.import_module(name).plant_markers)
    for factory in factories:
        factory(text)
