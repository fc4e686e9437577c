"""Scale: make many committees (tenants) with our path; page latency at few against many.

Run: ``.venv/bin/python benchmarks/scale.py [--tenants 500] [--requests 200] [--small 5]``

1. Fresh throw-away database (see benchmarks/_django.py), public schema, one province.
2. Grow to --small tenants; sample the latency of two tenant-routed pages.
3. Grow to --tenants tenants with tenancy.services.organisation_create; report
   the total time, tenants per second and the database size.
4. Sample the same pages again at that size.

Each sample: --requests requests per page, each on a random tenant (drawn with
replacement), through django.test.Client with HTTP_HOST="<slug>.localhost",
logged in (force_login) as a user holding tenant_admin there. Pages: "/" (the
dashboard, HTML) and "/api/members/" (JSON). One Client serves every tenant
(its cookie jar swapped per tenant), so the middleware chain is built once, as
in a server process. The first request to each page on each drawn tenant is
counted apart ("first": cold caches for that user and schema); the rest give
median / p95.
The tenants are empty (no members): this measures routing, authorisation and
the schema switch, not large pages. The test Client keeps one database
connection for the whole run (as a server with CONN_MAX_AGE > 0 would).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _django  # noqa: E402

PAGES = ("/", "/api/members/")


_shared = {}


def shared_client():
    """One test Client (so one middleware chain, built once) whose cookie jar is swapped per tenant."""
    from django.test import Client

    if "client" not in _shared:
        _shared["client"] = Client()
    return _shared["client"]


def login_for(organisation):
    """(host, cookie jar of a session logged in as a tenant_admin of `organisation`)."""
    from http.cookies import SimpleCookie

    from django.db import connection

    from accounts.models import Role
    from accounts.services import membership_grant, user_ensure

    connection.set_schema_to_public()
    user = user_ensure(username=f"bench_admin_{organisation.schema_name}", display_name="基准管理员")
    membership_grant(user=user, organisation=organisation, role=Role.TENANT_ADMIN)
    client = shared_client()
    client.cookies = SimpleCookie()
    client.force_login(user)
    return f"{organisation.schema_name}.localhost", client.cookies


def get(login, page):
    from django.db import connection

    host, jar = login
    client = shared_client()
    client.cookies = jar
    connection.set_schema_to_public()
    t0 = time.perf_counter()
    response = client.get(page, HTTP_HOST=host)
    elapsed = time.perf_counter() - t0
    if response.status_code != 200:
        raise SystemExit(f"{page} on {host}: HTTP {response.status_code}")
    return elapsed


def sample(requests: int, rng: random.Random) -> dict:
    from django.db import connection

    from tenancy.models import Organisation

    tenants = list(Organisation.objects.exclude(schema_name="public"))
    draws = [rng.choice(tenants) for _ in range(requests)]
    logins = {}
    for organisation in draws:
        if organisation.schema_name not in logins:
            logins[organisation.schema_name] = login_for(organisation)
    out = {"tenants": len(tenants), "distinct": len(logins)}
    for page in PAGES:
        # the first request of each drawn tenant, timed apart, so the rest are warm
        first = [get(login, page) for login in logins.values()]
        order = draws[:]
        rng.shuffle(order)
        warm = [get(logins[organisation.schema_name], page) for organisation in order]
        out[page] = {"first": first, "warm": warm}
    connection.set_schema_to_public()
    return out


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def report(label: str, result: dict) -> None:
    print(f"latency at {result['tenants']} tenants ({result['distinct']} distinct tenants drawn), ms:")
    for page in PAGES:
        warm, first = result[page]["warm"], result[page]["first"]
        print(f"  {page:<15} median {ms(statistics.median(warm))}  p95 {ms(_django.percentile(warm, 0.95))}  "
              f"min {ms(min(warm))}  max {ms(max(warm))}  (n={len(warm)}; first visit per tenant: "
              f"median {ms(statistics.median(first))})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tenants", type=int, default=500)
    parser.add_argument("--small", type=int, default=5)
    parser.add_argument("--requests", type=int, default=200, help="requests per page per sample")
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    t_start = time.perf_counter()
    info = _django.setup()
    province = info["province"]
    print(f"database: {info['where']}; PostgreSQL {_django.server_version()}")
    print(f"tenant schema: {_django.table_count('benchprov')} tables; "
          f"template recorded in {info['record_template_s']:.2f} s; 2-core machine shared with other work\n")

    made_small, s_small = _django.grow_to(args.small, province)
    get(login_for(province), "/")  # builds the middleware chain and compiles templates, untimed
    _, size_small = _django.database_size()
    print(f"{_django.tenant_count()} tenants; database {size_small}")
    small = sample(args.requests, rng)
    report("small", small)

    made_big, s_big = _django.grow_to(args.tenants, province)
    made = made_small + made_big  # the province made in setup is not counted
    seconds = s_small + s_big
    size_bytes, size_big = _django.database_size()
    n = _django.tenant_count()
    print(f"\ncreated {made} tenants with our path in {seconds:.1f} s (+ the province made at set-up; {made_big} of them after the first sample): "
          f"{made / seconds:.1f} tenants/s, {seconds / made * 1000:.0f} ms each")
    print(f"{n} tenants; database {size_big} ({size_bytes / n / 1024:.0f} kB per tenant incl. the public schema)")
    big = sample(args.requests, rng)
    report("big", big)

    print(f"\nwhole run {time.perf_counter() - t_start:.0f} s\n")
    print("| tenants | page | median ms | p95 ms | first visit median ms |")
    print("|---:|---|---:|---:|---:|")
    for result in (small, big):
        for page in PAGES:
            warm, first = result[page]["warm"], result[page]["first"]
            print(f"| {result['tenants']} | `{page}` | {ms(statistics.median(warm))} | "
                  f"{ms(_django.percentile(warm, 0.95))} | {ms(statistics.median(first))} |")
    print(f"\n| tenants created | total s | tenants/s | database size |\n|---:|---:|---:|---:|\n"
          f"| {made} | {seconds:.1f} | {made / seconds:.1f} | {size_big} |")


if __name__ == "__main__":
    main()
