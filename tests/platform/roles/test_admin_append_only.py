"""History and audit are append-only in both admin sites; workflow states move only through services.

A committee administrator (and the platform operator, on the platform admin)
may read the change log, the audit log and a golden idea's stage history, but
not add, change or delete a row; a monthly report's review, a golden idea's
stage and sharing, and a registered deadline change only through the pages
that run their services.
"""
import pytest
from django_tenants.utils import schema_context

from operations.models import AuditEvent
from tenants.golden_ideas.models import GoldenIdea, Stage
from tenants.history.models import ChangeLog
from tenants.programmes.models import MonthlyReport, ReportState
from tenants.reminders.models import Deadline

pytestmark = pytest.mark.django_db


def a_change_log_row() -> ChangeLog:
    with schema_context("ziyang"):
        row = ChangeLog.objects.order_by("pk").first()
        assert row is not None, "the demo network writes change history in 资阳"
        return row


def test_the_committee_admin_reads_but_cannot_delete_or_change_the_change_log(site):
    admin = site("ziyang", "ziyang_admin")
    row = a_change_log_row()
    listing = admin.get("/admin/history/changelog/")
    assert listing.status_code == 200
    assert 'value="delete_selected"' not in listing.content.decode()
    assert admin.get(f"/admin/history/changelog/{row.pk}/change/").status_code == 200  # the view page
    assert admin.get(f"/admin/history/changelog/{row.pk}/delete/").status_code == 403
    assert admin.post(f"/admin/history/changelog/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    admin.post(f"/admin/history/changelog/{row.pk}/change/", {"summary": "改过了", "action": "update"})
    admin.post("/admin/history/changelog/", {"action": "delete_selected", "_selected_action": [row.pk],
                                             "post": "yes"})
    with schema_context("ziyang"):
        kept = ChangeLog.objects.get(pk=row.pk)
        assert (kept.summary, kept.action) == (row.summary, row.action)


def test_the_operator_cannot_delete_the_audit_log_on_the_platform_admin(site):
    operator = site(None, "operator")
    event = AuditEvent.objects.create(action=AuditEvent.Action.LOGIN, actor_name="ziyang_admin",
                                      schema_name="ziyang")
    listing = operator.get("/admin/operations/auditevent/")
    assert listing.status_code == 200 and 'value="delete_selected"' not in listing.content.decode()
    assert operator.get(f"/admin/operations/auditevent/{event.pk}/delete/").status_code == 403
    operator.post("/admin/operations/auditevent/", {"action": "delete_selected",
                                                    "_selected_action": [event.pk], "post": "yes"})
    assert AuditEvent.objects.filter(pk=event.pk, actor_name="ziyang_admin").exists()


def test_a_monthly_report_review_cannot_be_set_in_the_admin(site):
    admin = site("ziyang", "ziyang_admin")
    with schema_context("ziyang"):
        report = MonthlyReport.objects.filter(state=ReportState.SUBMITTED).select_related("item").first()
        assert report is not None, "the demo network has a report awaiting review in 资阳"
    page = admin.get(f"/admin/programmes/monthlyreport/{report.pk}/change/")
    assert page.status_code == 200
    assert 'name="state"' not in page.content.decode()
    assert admin.get("/admin/programmes/monthlyreport/add/").status_code == 403
    assert admin.get(f"/admin/programmes/monthlyreport/{report.pk}/delete/").status_code == 403
    admin.post(f"/admin/programmes/monthlyreport/{report.pk}/change/", {
        "item": report.item_id, "month": report.month.isoformat(), "progress": "更正后的工作进展",
        "status": report.status, "state": ReportState.ACCEPTED, "reviewer_comment": "直接通过",
        "reviewed_by_name": "资阳管理员", "filed_by_name": report.filed_by_name,
        "values-TOTAL_FORMS": "0", "values-INITIAL_FORMS": "0",
        "values-MIN_NUM_FORMS": "0", "values-MAX_NUM_FORMS": "1000",
    })
    with schema_context("ziyang"):
        kept = MonthlyReport.objects.get(pk=report.pk)
        assert kept.progress == "更正后的工作进展"  # the text can be corrected, the review cannot
        assert (kept.state, kept.reviewer_comment, kept.reviewed_by_name) == (
            ReportState.SUBMITTED, report.reviewer_comment, report.reviewed_by_name)


def test_a_golden_idea_keeps_its_stage_sharing_and_history_in_the_admin(site):
    admin = site("ziyang", "ziyang_admin")
    with schema_context("ziyang"):
        idea = GoldenIdea.objects.filter(stage_changes__isnull=False).distinct().first()
        assert idea is not None, "the demo network has golden ideas with a stage history in 资阳"
        changes = idea.stage_changes.count()
    page = admin.get(f"/admin/golden_ideas/goldenidea/{idea.pk}/change/").content.decode()
    assert 'name="stage"' not in page and 'name="sharing"' not in page
    assert admin.get(f"/admin/golden_ideas/goldenidea/{idea.pk}/delete/").status_code == 403
    assert admin.get(f"/admin/golden_ideas/selection/{idea.selection_id}/delete/").status_code == 403
    with schema_context("ziyang"):
        assert idea.stage_changes.count() == changes
        assert GoldenIdea.objects.get(pk=idea.pk).stage != "" and Stage(idea.stage)


def test_a_registered_deadline_is_read_only_in_the_admin(site):
    admin = site("ziyang", "ziyang_admin")
    with schema_context("ziyang"):
        deadline = Deadline.objects.exclude(source="").first()
        assert deadline is not None, "the demo network registers report deadlines in 资阳"
    page = admin.get(f"/admin/reminders/deadline/{deadline.pk}/change/").content.decode()
    assert 'name="done"' not in page and 'name="due_on"' not in page
    assert admin.get(f"/admin/reminders/deadline/{deadline.pk}/delete/").status_code == 403
    # one made by hand in the admin stays the administrator's to edit
    assert admin.get("/admin/reminders/deadline/add/").status_code == 200


def test_a_role_granted_or_revoked_in_the_platform_admin_is_in_the_audit_log(site):
    from accounts.models import Membership, Role, User
    from tenancy.models import Organisation

    operator = site(None, "operator")
    user = User.objects.get(username="jinhua_viewer")
    ziyang = Organisation.objects.get(schema_name="ziyang")
    response = operator.post("/admin/accounts/membership/add/", {
        "user": user.pk, "organisation": ziyang.pk, "role": Role.VIEWER, "unit_id": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(user=user, organisation=ziyang, role=Role.VIEWER)
    granted = AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_CHANGE, organisation_id=ziyang.pk,
                                        actor_name="operator").order_by("-pk").first()
    assert granted is not None and granted.detail == {"user": "jinhua_viewer", "granted": str(Role.VIEWER)}

    page = operator.get(f"/admin/accounts/membership/{membership.pk}/change/").content.decode()
    assert 'name="role"' not in page and 'name="user"' not in page  # a role is revoked, never rewritten
    assert operator.post(f"/admin/accounts/membership/{membership.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    revoked = AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_CHANGE, organisation_id=ziyang.pk,
                                        actor_name="operator").order_by("-pk").first()
    assert revoked.detail == {"user": "jinhua_viewer", "revoked": str(Role.VIEWER)}
