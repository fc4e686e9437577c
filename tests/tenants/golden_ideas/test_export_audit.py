"""Every download of a 申报表 or of the commendation list is written to the audit log."""
import pytest

from accounts.models import User
from operations.models import AuditEvent
from tenancy.models import Organisation

pytestmark = pytest.mark.django_db


def test_form_and_commendation_list_downloads_are_audited_with_their_actor(site, recommend, selection):
    idea = recommend()
    viewer = User.objects.get(username="ziyang_viewer")
    ziyang = Organisation.objects.get(schema_name="ziyang")
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    client = site("ziyang", "ziyang_viewer")
    assert client.get(f"/golden-ideas/ideas/{idea.pk}/form.docx").status_code == 200
    assert client.get(f"/golden-ideas/selections/{selection.pk}/commendations.xlsx").status_code == 200
    # force_login writes a login event first; every other new event must be the downloads.
    events = list(AuditEvent.objects.filter(id__gt=last).exclude(action="login").order_by("id").values_list(
        "action", "actor_id", "actor_name", "organisation_id", "schema_name", "detail"))
    assert events == [
        ("export", viewer.pk, "ziyang_viewer", ziyang.pk, "ziyang",
         {"kind": "golden_idea_docx", "idea_id": idea.pk, "title": idea.title, "year": selection.year}),
        ("export", viewer.pk, "ziyang_viewer", ziyang.pk, "ziyang",
         {"kind": "golden_ideas_commendation_xlsx", "selection_id": selection.pk, "year": selection.year}),
    ]
