"""Publishing a period and every export leave a row in the audit log."""
import pytest

from operations.models import AuditEvent
from shared.benchmark.models import PeerGroup, PeriodPublication, ReportedValue
from tenancy.models import Organisation
from tests.shared.benchmark.helpers import period

pytestmark = pytest.mark.django_db


def test_publishing_a_period_is_audited(site):
    q4 = period(2025, 4)
    ReportedValue.objects.filter(period=q4, status="submitted").update(status="accepted")
    officer = site("sichuan", "sichuan_officer")
    officer.post("/benchmark/publish/", {"period": q4.pk, "normalisation": "z_score"})
    publication = PeriodPublication.objects.get(province__schema_name="sichuan", period=q4)
    event = AuditEvent.objects.get(action=AuditEvent.Action.PUBLICATION)
    assert event.actor_name == "sichuan_officer" and event.schema_name == "sichuan"
    assert event.organisation_id == Organisation.objects.get(schema_name="sichuan").pk
    assert event.detail["publication_id"] == publication.pk and event.detail["period"] == "2025年第4季度"
    assert event.detail["edition"] == 7 and event.detail["method"]["normalisation"] == "z_score"
    # publishing again fails and is not audited
    officer.post("/benchmark/publish/", {"period": q4.pk})
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PUBLICATION).count() == 1


def test_the_league_table_and_the_template_exports_are_audited(site):
    client = site("ziyang", "ziyang_viewer")
    group = PeerGroup.objects.get(province__schema_name="sichuan", kind="cities")
    assert client.get(f"/benchmark/league.xlsx?group={group.pk}&normalisation=rank").status_code == 200
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor_name == "ziyang_viewer" and event.schema_name == "ziyang"
    assert event.detail == {
        "kind": "benchmark_league_xlsx", "group_id": group.pk, "group": group.name,
        "period_id": period(2025).pk, "period": "2025年", "indicator": None,
        "method": event.detail["method"], "published": True, "rows": 12,
    }
    assert event.detail["method"]["normalisation"] == "rank"
    q3 = period(2025, 3)
    admin = site("ziyang", "ziyang_admin")
    assert admin.get(f"/benchmark/report/template.xlsx?period={q3.pk}").status_code == 200
    template = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).latest("id")
    assert template.actor_name == "ziyang_admin"
    assert template.detail == {"kind": "benchmark_report_template", "period_id": q3.pk, "period": "2025年第3季度"}


def test_the_audit_names_the_period_actually_exported(site):
    q4 = period(2025, 4)
    # ziyang cannot see the unpublished quarter: it gets the published year, and the audit says so
    assert site("ziyang", "ziyang_admin").get(f"/benchmark/league.xlsx?period={q4.pk}").status_code == 200
    assert [e.detail["period"] for e in AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT)] == ["2025年"]
