"""Every download of the quarterly showcase (.xlsx, .docx) is written to the audit log."""
import pytest

from accounts.models import User
from operations.models import AuditEvent
from tenancy.models import Organisation

pytestmark = pytest.mark.django_db


def test_showcase_downloads_are_audited_with_their_actor(site):
    member = User.objects.get(username="ziyang_member")
    ziyang = Organisation.objects.get(schema_name="ziyang")
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    client = site("ziyang", "ziyang_member")
    assert client.get("/programmes/showcase.xlsx?year=2022&quarter=3").status_code == 200
    assert client.get("/programmes/showcase.docx?year=2022&quarter=2").status_code == 200
    # force_login writes a login event first; every other new event must be the downloads.
    events = list(AuditEvent.objects.filter(id__gt=last).exclude(action="login").order_by("id").values_list(
        "action", "actor_id", "actor_name", "organisation_id", "schema_name", "detail"))
    assert events == [
        ("export", member.pk, "ziyang_member", ziyang.pk, "ziyang",
         {"kind": "showcase_xlsx", "year": 2022, "quarter": 3}),
        ("export", member.pk, "ziyang_member", ziyang.pk, "ziyang",
         {"kind": "showcase_docx", "year": 2022, "quarter": 2}),
    ]
