"""Build the demo network; safe to run again (nothing is duplicated or lost)."""
from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from accounts.models import Role
from accounts.services import membership_grant, user_ensure
from demo.network import (
    AFFILIATIONS, DEADLINES, GIVEN, ORGANISATIONS, SECTORS, SURNAMES, UNITS_CITY, UNITS_COUNTY,
)
from tenancy.models import Level, Organisation
from tenancy.selectors import in_organisation
from tenancy.services import organisation_create, platform_ensure

DEMO_PASSWORD = "cppcc-demo-2026"

# Each app writes its own demo data; these run after the structure exists.
# Tenant apps: fill(organisation), inside the committee's schema. Shared apps:
# fill_network(organisations by slug), once, after every committee exists.
from shared.benchmark.demo import demo_fill_network as _benchmark_demo  # noqa: E402
from shared.materials.demo import demo_fill_network as _materials_demo  # noqa: E402
from shared.programme_library.demo import demo_fill_network as _library_demo  # noqa: E402
from search.demo import demo_fill_network as _search_demo  # noqa: E402
from shared.opinion_exchange.demo import demo_fill_network as _opinion_exchange_demo  # noqa: E402
from tenants.golden_ideas.demo import demo_fill as _golden_ideas_demo  # noqa: E402
from tenants.opinions.benchmark_push import benchmark_push as _opinions_benchmark_push  # noqa: E402
from tenants.opinions.demo import demo_fill as _opinions_demo  # noqa: E402
from tenants.programmes.demo import demo_fill as _programmes_demo  # noqa: E402
from tenants.programmes.demo import duty_demo_fill as _duty_demo  # noqa: E402
from tenants.programmes.network_push import demo_fill as _network_demo  # noqa: E402
from tenants.proposals.demo import DEMO_COMMITTEES as _PROPOSAL_COMMITTEES  # noqa: E402
from tenants.proposals.benchmark_push import benchmark_push as _proposals_benchmark_push  # noqa: E402
from tenants.proposals.demo import demo_fill as _proposals_demo  # noqa: E402

# the network figures last
TENANT_DEMOS = [_programmes_demo, _golden_ideas_demo, _proposals_demo, _opinions_demo, _duty_demo, _network_demo]
# The search demo drains the outbox in-process, so the demo is searchable even
# when a broker is configured and no worker runs yet.
SHARED_DEMOS = [_materials_demo, _search_demo, _benchmark_demo, _opinion_exchange_demo]

# Committees whose demo has a full set of accounts (one per role).
FULL_ACCOUNTS = ("ziyang", "jinhua", "chengdu")


def _structure_fill(organisation: Organisation) -> None:
    from tenants.reminders.services import deadline_create
    from tenants.structure.models import Unit
    from tenants.structure.services import leader_create, member_create, sector_ensure, unit_create

    if Unit.objects.exists():
        return
    rng = random.Random(int(organisation.region_code))
    unit_specs = UNITS_COUNTY if organisation.level == Level.COUNTY else UNITS_CITY
    units = [unit_create(name=name, kind=kind, order=i) for i, (name, kind) in enumerate(unit_specs)]
    sectors = [sector_ensure(name=name, order=i) for i, name in enumerate(SECTORS)]

    def person() -> str:
        return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))

    leader_create(name=person(), title="chair", units=units[:1], order=0)
    vice_chairs = 4 if organisation.level != Level.COUNTY else 3
    for i in range(vice_chairs):
        leader_create(name=person(), title="vice_chair", units=units[1 + i * 2: 3 + i * 2], order=i + 1)
    leader_create(name=person(), title="secretary_general", units=units[:2], order=vice_chairs + 1)

    member_total = {Level.PROVINCE: 40, Level.CITY: 30, Level.COUNTY: 20}[organisation.level]
    member_total += int(organisation.region_code) % 7
    for i in range(member_total):
        member_create(
            name=person(), sector=rng.choice(sectors), unit=rng.choice(units),
            affiliation=rng.choice(AFFILIATIONS), is_standing=i % 4 == 0,
        )
    today = timezone.localdate()
    unit_by_name = {u.name: u for u in units}
    for offset, title, unit_name in DEADLINES:
        deadline_create(
            title=title, due_on=today + dt.timedelta(days=offset), unit=unit_by_name.get(unit_name)
        )


def _accounts(organisations: dict[str, Organisation], platform: Organisation) -> list[tuple[str, str, str]]:
    """Create demo accounts; returns (username, role label, where) for printing."""
    rows = []

    def grant(username, display, organisation, role, unit_id=None):
        user = user_ensure(username=username, display_name=display, password=DEMO_PASSWORD)
        membership_grant(user=user, organisation=organisation, role=role, unit_id=unit_id)
        rows.append((username, Role(role).label, organisation.short_name))
        return user

    def office_id(organisation):
        """The demo's unit staff work in the committee's 办公室 (it leads items of the demo plans)."""
        from tenants.structure.models import Unit

        return in_organisation(
            organisation, lambda: Unit.objects.filter(name="办公室").values_list("id", flat=True).first()
        )

    grant("operator", "平台运维", platform, Role.PLATFORM_OPERATOR)
    for province in ("sichuan", "zhejiang"):
        org = organisations[province]
        grant(f"{province}_officer", f"{org.short_name}省政协工作人员", org, Role.PROVINCIAL_OFFICER)
    roles = [
        ("admin", Role.TENANT_ADMIN), ("staff", Role.UNIT_STAFF),
        ("member", Role.MEMBER), ("viewer", Role.VIEWER),
    ]
    for slug, org in organisations.items():
        wanted = roles if slug in FULL_ACCOUNTS else roles[:1]
        for suffix, role in wanted:
            unit_id = office_id(org) if role == Role.UNIT_STAFF else None
            grant(f"{slug}_{suffix}", f"{org.short_name}{Role(role).label}", org, role, unit_id)
        if slug in _PROPOSAL_COMMITTEES:
            # handling units' staff: the proposals demo gives them their units (its own table)
            for suffix, unit in (("handler", "市交通运输局"), ("handler2", "市住房和城乡建设局")):
                user_ensure(username=f"{slug}_{suffix}", display_name=f"{unit}工作人员", password=DEMO_PASSWORD)
                rows.append((f"{slug}_{suffix}", Role(Role.HANDLER).label, f"{org.short_name} · {unit}"))
    return rows


def demo_network_build(*, stdout=None) -> tuple[dict[str, Organisation], list[tuple[str, str, str]]]:
    """Provision the demo committees that are missing, fill their structure, make accounts.

    Side effects: Organisation/Domain rows and schemas for missing committees;
    units, leaders, members, sectors and deadlines in committees that have no
    units yet; demo users and memberships. Existing data is left alone.
    """
    platform = platform_ensure()
    organisations: dict[str, Organisation] = {}
    for spec in ORGANISATIONS:
        existing = Organisation.objects.filter(region_code=spec.region_code).first()
        if existing is None:
            parent = Organisation.objects.get(region_code=spec.parent) if spec.parent else None
            existing = organisation_create(
                name=spec.name, short_name=spec.short_name, level=spec.level,
                region_code=spec.region_code, slug=spec.slug, parent=parent,
                population=spec.population,
            )
            if stdout:
                stdout.write(f"  开通 {spec.name}")
        organisations[spec.slug] = existing
    _library_demo(organisations)  # templates first: committees instantiate them
    for organisation in organisations.values():
        in_organisation(organisation, lambda: _structure_fill(organisation))
    accounts = _accounts(organisations, platform)  # app demos act as these people
    for organisation in organisations.values():
        in_organisation(organisation, lambda: _tenant_apps_fill(organisation))
    for fill_network in SHARED_DEMOS:
        fill_network(organisations)
    for organisation in organisations.values():  # the catalogue exists now: the computed benchmark values
        in_organisation(organisation, _benchmark_computed_push)
    return organisations, accounts


def _benchmark_computed_push() -> None:
    _proposals_benchmark_push()
    _opinions_benchmark_push()


def _tenant_apps_fill(organisation: Organisation) -> None:
    for fill in TENANT_DEMOS:
        fill(organisation)
