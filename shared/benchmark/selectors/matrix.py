"""The values matrix of a peer group: one query, packed arrays, each indicator's basis."""
from __future__ import annotations

import numpy as np
from django.db import connection

from tenancy.models import Organisation

from ..models import Basis, CommitteeProfile, Indicator, ValueStatus
from .viewer import NotVisible, Viewer


def _statuses(viewer: Viewer, published: bool) -> list[str]:
    if published:
        return [ValueStatus.ACCEPTED]
    if viewer.sees_network:
        return [ValueStatus.ACCEPTED, ValueStatus.SUBMITTED]  # the province's preview
    raise NotVisible


SMALL_GROUP = 1000


def values_matrix(
    organisations: list[Organisation], indicators: list[Indicator], periods: dict[int, list[str]]
) -> dict[int, np.ndarray]:
    """Raw values of every (organisation, indicator) for each period, in ONE query.

    `periods` maps a period id to the statuses that count in it. Returns period
    id -> organisations × indicators float matrix, NaN where no value counts.

    A country is 2 × 165,000 values: PostgreSQL joins the members and the
    indicators as arrays (hash joins, their positions from WITH ORDINALITY),
    computes each value's cell in the result and sends two packed arrays
    (`array_send`: cells as int8, values as float8), which numpy reads as they
    are. No row tuple, Decimal or model object is made per value. Up to
    SMALL_GROUP members the rows are also looked up by organisation (index);
    above, that list costs more than reading both periods whole.
    """
    n, m = len(organisations), len(indicators)
    out = {pid: np.full((n, m), np.nan) for pid in periods}
    if not n or not m or not periods:
        return out
    order = list(periods)
    offsets = " ".join(f"WHEN {int(pid)} THEN {k * n * m}" for k, pid in enumerate(order))
    conditions = " OR ".join("(v.period_id = %s AND v.status = ANY(%s::varchar[]))" for _ in order)
    params: list = [[o.pk for o in organisations], [i.pk for i in indicators]]
    for pid in order:
        params += [pid, list(periods[pid])]
    where = f"({conditions})"
    if n <= SMALL_GROUP:
        # a small group reads its members' rows through the (organisation, ...) index instead of the periods'
        where += " AND v.organisation_id = ANY(%s::bigint[])"
        params.append(params[0])
    sql = (
        "SELECT array_send(array_agg(((o.r - 1) * %d + (i.c - 1) + CASE v.period_id %s END)::int8)),"
        " array_send(array_agg(v.value::float8))"
        " FROM benchmark_reportedvalue v"
        " JOIN unnest(%%s::bigint[]) WITH ORDINALITY AS o(id, r) ON o.id = v.organisation_id"
        " JOIN unnest(%%s::bigint[]) WITH ORDINALITY AS i(id, c) ON i.id = v.indicator_id"
        " WHERE %s"
    ) % (m, offsets, where)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cells_raw, values_raw = cursor.fetchone()
    if cells_raw is None:
        return out
    cells = _array_recv(cells_raw, ">i8")
    values = _array_recv(values_raw, ">f8")
    flat = np.full(len(order) * n * m, np.nan)
    flat[cells] = values
    for k, pid in enumerate(order):
        out[pid] = flat[k * n * m:(k + 1) * n * m].reshape(n, m)
    return out


def _array_recv(raw, dtype: str) -> np.ndarray:
    """A one-dimensional PostgreSQL array without NULLs in its binary form (`array_send`) as numpy.

    Layout: ndim, has-nulls flag, element type, length, lower bound (int32
    each), then per element its byte length (int32) and the big-endian value.
    """
    buffer = bytes(raw)
    header = np.frombuffer(buffer, dtype=">i4", count=5)
    if header[0] != 1 or header[1] != 0:
        raise ValueError("expected a one-dimensional array without NULLs")
    items = np.frombuffer(buffer, dtype=np.dtype([("size", ">i4"), ("value", dtype)]), offset=20, count=int(header[3]))
    return items["value"].astype(dtype[1:] if dtype[0] == ">" else dtype)


def _member_count(organisation: Organisation) -> int:
    if hasattr(organisation, "benchmark_member_count"):  # annotated by peer_group_members
        return organisation.benchmark_member_count or 0
    return getattr(getattr(organisation, "benchmark_profile", None), "member_count", 0) or 0


def basis_apply(x: np.ndarray, organisations: list[Organisation], indicators: list[Indicator]) -> np.ndarray:
    """Values on each indicator's normalisation basis (per member, per 10,000 residents, as they are)."""
    y = x.copy()
    members = np.array([_member_count(o) or np.nan for o in organisations], dtype=float)
    population = np.array([o.population or np.nan for o in organisations], dtype=float)
    for j, indicator in enumerate(indicators):
        if indicator.basis == Basis.PER_MEMBER:
            y[:, j] = x[:, j] / members
        elif indicator.basis == Basis.PER_10K_RESIDENTS:
            y[:, j] = x[:, j] / population * 10_000
    return y


def profile_member_count(organisation: Organisation) -> int:
    profile = CommitteeProfile.objects.filter(organisation=organisation).first()
    return profile.member_count if profile else 0
