"""Isolation markers of the people pages: an account holding a role in the committee being planted.

Accounts live in the public schema; the committee's people list shows only those
with a role in it. The first committee planted gets the account with MARKER_ID,
so /people/<MARKER_ID>/ names the host's own marker account there."""
from __future__ import annotations

from tests.isolation.checks import MARKER_ID


def plant_markers(text: str) -> None:
    from django.db import connection

    from accounts.models import Membership, Role, User
    from tenancy.models import Organisation

    organisation = Organisation.objects.get(schema_name=connection.schema_name)
    pk = MARKER_ID if not User.objects.filter(pk=MARKER_ID).exists() else MARKER_ID + 1
    user = User.objects.create(id=pk, username=f"marker{pk}", display_name=f"{text}账号",
                               email=f"marker{pk}@example.cn")
    Membership.objects.create(user=user, organisation=organisation, role=Role.VIEWER)
