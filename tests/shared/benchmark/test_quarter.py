"""The province's quarter is trustworthy: who has not reported, publishing needs a confirmation, corrections after
publication republish the quarter as a new version, and the notices each step sends (to whom, and to nobody else).

The demo's 2025 Q4 is unpublished; 资阳, 绵阳 and 射洪 have submitted values awaiting review, every other committee
of Sichuan has all its values accepted.
"""
import re

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from accounts.models import Membership, Role, User
from notifications.models import Kind, Notification
from shared.benchmark import selectors, services
from shared.benchmark.models import (
    PeriodPublication, PublicationVersion, ReportedValue, ReportedValueVersion, ValueStatus,
)
from shared.benchmark.services import Entry
from tenancy.models import Organisation
from tests.shared.benchmark.helpers import indicator, period, value_of

pytestmark = pytest.mark.django_db


def user(name):
    return User.objects.get(username=name)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"</?span[^>]*>", "", html)))


def input_tag(page: str, name: str) -> str:
    return re.search(rf'<input name="{name}"[^>]*>', page).group(0)


def officer_viewer():
    with schema_context("sichuan"):
        return selectors.viewer_get(user("sichuan_officer"))


def pending_of(slug, q):
    return list(ReportedValue.objects.filter(period=q, status=ValueStatus.SUBMITTED,
                                             organisation__schema_name=slug).values_list("pk", flat=True))


@pytest.fixture
def q4():
    """Q4 with 资阳 having reported nothing, 射洪's first value returned, 绵阳's values still pending."""
    q = period(2025, 4)
    ReportedValue.objects.filter(organisation__schema_name="ziyang", period=q).delete()
    shehong = pending_of("shehong", q)
    with schema_context("sichuan"):
        services.values_review(actor=user("sichuan_officer"), value_ids=shehong[:1], accept=False, note="请核实口径")
        services.values_review(actor=user("sichuan_officer"), value_ids=shehong[1:], accept=True)
    return q


# --------------------------------------------------------------------------- completeness


def test_the_completeness_check_names_who_has_not_reported_and_what_is_pending_or_returned(q4):
    check = selectors.completeness_get(viewer=officer_viewer(), period=q4)
    states = {r.organisation.schema_name: r.state for r in check.rows}
    assert states["ziyang"] == "none"
    assert states["shehong"] == "returned"
    assert states["mianyang"] == "pending"
    assert states["chengdu"] == "complete"
    assert {r.organisation.schema_name for r in check.not_reported} == {"ziyang"}
    assert check.returned == 1 and check.pending == len(pending_of("mianyang", q4))
    assert not check.complete
    # only Sichuan's cities and counties
    assert all(r.organisation.province.schema_name == "sichuan" for r in check.rows)


def test_the_review_page_shows_the_check_per_committee(q4, site):
    page = site("sichuan", "sichuan_officer").get(f"/benchmark/review/?period={q4.pk}").content.decode()
    assert re.search(r'data-slug="ziyang" data-state="none">\s*<td><a href="/benchmark/review/committee/\d+/\?period='
                     rf'{q4.pk}"><span translate="no">资阳</span></a></td>\s*<td data-testid="state"><strong>未填报', page)
    assert 'data-slug="shehong" data-state="returned"' in page
    assert "1 个未填报" in text(page) and "1 项被退回待更正" in text(page)
    assert 'name="confirm"' in page


# --------------------------------------------------------------------------- publishing needs a confirmation


def test_publishing_an_incomplete_quarter_needs_a_confirmation_and_saves_nothing_without(q4):
    officer = user("sichuan_officer")
    with schema_context("sichuan"), pytest.raises(ValidationError) as error:
        services.period_publish(actor=officer, period=q4)
    assert "1 个政协未填报" in error.value.message_dict["confirm"][0]
    assert not PeriodPublication.objects.filter(period=q4, province__schema_name="sichuan").exists()
    with schema_context("sichuan"):
        publication = services.period_publish(actor=officer, period=q4, confirm=True)
    assert publication.version == 1
    assert publication.method["completeness"]["not_reported"] == ["资阳"]
    assert publication.method["completeness"]["returned"] == 1
    assert list(publication.versions.values_list("version", flat=True)) == [1]


def test_a_complete_quarter_publishes_without_a_confirmation():
    q = period(2025, 4)
    officer = user("sichuan_officer")
    with schema_context("sichuan"):
        services.values_review(actor=officer, accept=True, value_ids=list(ReportedValue.objects.filter(
            period=q, status=ValueStatus.SUBMITTED, organisation__province__schema_name="sichuan",
        ).values_list("pk", flat=True)))
        assert selectors.completeness_get(viewer=officer_viewer(), period=q).complete
        assert services.period_publish(actor=officer, period=q).version == 1


def test_the_publish_button_without_the_box_ticked_says_why_and_publishes_nothing(q4, site):
    client = site("sichuan", "sichuan_officer")
    response = client.post("/benchmark/publish/", {"period": q4.pk}, follow=True)
    assert "1 个政协未填报" in response.content.decode()
    assert not PeriodPublication.objects.filter(period=q4, province__schema_name="sichuan").exists()
    client.post("/benchmark/publish/", {"period": q4.pk, "confirm": "1"})
    assert PeriodPublication.objects.filter(period=q4, province__schema_name="sichuan").exists()


# --------------------------------------------------------------------------- corrections after publication


def published_with_a_returned_value():
    """Q4 published with 资阳's consultations returned; returns (period, the returned value)."""
    q = period(2025, 4)
    officer = user("sichuan_officer")
    cell = value_of("ziyang", "consultations", q)
    with schema_context("sichuan"):
        services.values_review(actor=officer, value_ids=[cell.pk], accept=False, note="场次与会议记录不符")
        services.period_publish(actor=officer, period=q, confirm=True)
    return q, cell


def test_a_returned_value_is_corrected_after_publication_and_the_quarter_is_republished(site):
    q, cell = published_with_a_returned_value()
    staff = site("ziyang", "ziyang_staff")
    page = staff.get(f"/benchmark/report/?period={q.pk}").content.decode()
    assert "被退回的数值仍可更正" in page
    reading = value_of("ziyang", "reading", q)
    assert "disabled" not in input_tag(page, f"value_{cell.indicator_id}")
    assert "disabled" in input_tag(page, f"value_{reading.indicator_id}")

    corrected = cell.value + 2
    staff.post("/benchmark/report/", {"period": q.pk, "action": "submit",
                                      f"value_{cell.indicator_id}": str(corrected),
                                      f"comment_{cell.indicator_id}": "按会议记录更正"})
    cell.refresh_from_db()
    assert (cell.value, cell.status) == (corrected, ValueStatus.SUBMITTED)

    review = site("sichuan", "sichuan_officer").get("/benchmark/review/").content.decode()
    assert 'data-testid="correction"' in review
    site("sichuan", "sichuan_officer").post("/benchmark/review/", {"value": [cell.pk], "action": "accept"})
    publication = PeriodPublication.objects.get(period=q, province__schema_name="sichuan")
    assert publication.version == 2
    versions = list(PublicationVersion.objects.filter(publication=publication).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[1].changes[0]["organisation"] == "资阳"
    assert versions[1].changes[0]["after"] == str(corrected)

    note = site("ziyang", "ziyang_admin").get(f"/benchmark/methodology/{publication.pk}/").content.decode()
    assert f"资阳 · 协商活动场次：{int(corrected)}场（发布后采纳，此前未计入）" in text(note)
    assert 'data-version="1"' in note and "首次发布" in note  # the first version stays explained
    league = site("ziyang", "ziyang_admin").get(f"/benchmark/?period={q.pk}").content.decode()
    assert "版本 2" in text(league)


def test_after_publication_other_values_stay_locked(site):
    q, cell = published_with_a_returned_value()
    reading = value_of("ziyang", "reading", q)
    with schema_context("ziyang"), pytest.raises(ValidationError) as error:
        services.values_report(actor=user("ziyang_staff"), period=q, entries=[
            Entry(cell.indicator_id, str(cell.value + 1)), Entry(reading.indicator_id, str(reading.value + 1)),
        ])
    assert error.value.message_dict == {str(reading.indicator_id): ["2025年第4季度已发布，只能更正被退回的数值。"]}
    cell.refresh_from_db()
    assert cell.status == ValueStatus.RETURNED  # nothing of the sheet was saved


def test_returning_a_correction_does_not_republish():
    q, cell = published_with_a_returned_value()
    with schema_context("ziyang"):
        services.values_report(actor=user("ziyang_staff"), period=q,
                               entries=[Entry(cell.indicator_id, str(cell.value + 1))])
    with schema_context("sichuan"):
        services.values_review(actor=user("sichuan_officer"), value_ids=[cell.pk], accept=False, note="仍不符")
    assert PeriodPublication.objects.get(period=q, province__schema_name="sichuan").version == 1


def test_a_published_league_table_keeps_the_weights_it_was_published_with():
    q, _cell = published_with_a_returned_value()
    viewer = officer_viewer()
    group = next(g for g in selectors.peer_group_list(viewer) if g.kind == "cities")
    reading = indicator("sichuan", "reading")

    def table():
        result = selectors.league_table(viewer=viewer, group=group, period=q, draws=0)
        weight = dict(zip([i.pk for i in result.indicators], result.weights.tolist()))[reading.pk]
        return weight, [(r.organisation.pk, r.rank) for r in result.rows]

    with schema_context("sichuan"):
        before = table()
        services.indicator_save(actor=user("sichuan_officer"), indicator=reading,
                                **{**_fields(reading), "weight": "20"})
        after = table()
    assert before[0] == after[0] == 0.5
    assert after == before
    reading.refresh_from_db()
    assert reading.weight == 20.0


def _fields(i):
    return {"name": i.name, "unit": i.unit, "definition": i.definition, "value_type": i.value_type,
            "direction": i.direction, "applies_to": i.applies_to, "basis": i.basis, "weight": str(i.weight),
            "min_value": "", "max_value": "", "search_terms": i.search_terms}


# --------------------------------------------------------------------------- notifications


def people(kind, organisation_slug=None):
    rows = Notification.objects.filter(kind=kind)
    if organisation_slug:
        rows = rows.filter(organisation__schema_name=organisation_slug)
    return set(rows.values_list("user__username", flat=True))


def admins_of(slug):
    return set(Membership.objects.filter(organisation__schema_name=slug, role=Role.TENANT_ADMIN)
               .values_list("user__username", flat=True))


def test_a_returned_value_tells_who_submitted_it_and_the_committees_administrators_only():
    q = period(2025, 4)
    cell = value_of("ziyang", "consultations", q)
    with schema_context("ziyang"):
        services.values_report(actor=user("ziyang_staff"), period=q,
                               entries=[Entry(cell.indicator_id, str(cell.value + 1))])
    Notification.objects.all().delete()
    with schema_context("sichuan"):
        services.values_review(actor=user("sichuan_officer"), value_ids=[cell.pk], accept=False, note="请核实")
    assert people(Kind.VALUE_RETURNED) == {"ziyang_staff"} | admins_of("ziyang")
    assert set(Notification.objects.values_list("organisation__schema_name", flat=True)) == {"ziyang"}
    notice = Notification.objects.get(user__username="ziyang_staff")
    assert notice.url == f"/benchmark/report/?period={q.pk}"
    assert notice.params["note"] == "请核实" and notice.params["n"] == 1


def test_accepted_values_tell_the_committee_and_nobody_else():
    q = period(2025, 4)
    Notification.objects.all().delete()
    with schema_context("sichuan"):
        services.values_review(actor=user("sichuan_officer"), value_ids=pending_of("mianyang", q), accept=True)
    assert people(Kind.VALUE_ACCEPTED) == admins_of("mianyang")
    assert set(Notification.objects.values_list("organisation__schema_name", flat=True)) == {"mianyang"}


def test_a_published_quarter_tells_every_committee_of_the_province_and_none_of_another(q4):
    Notification.objects.all().delete()
    with schema_context("sichuan"):
        services.period_publish(actor=user("sichuan_officer"), period=q4, confirm=True)
    told = set(Notification.objects.filter(kind=Kind.QUARTER_PUBLISHED)
               .values_list("organisation__schema_name", flat=True))
    network = set(Organisation.objects.filter(province__schema_name="sichuan", level__in=["city", "county"])
                  .values_list("schema_name", flat=True))
    assert told == network
    assert {"ziyang_admin", "ziyang_staff"} <= people(Kind.QUARTER_PUBLISHED, "ziyang")
    assert "ziyang_member" not in people(Kind.QUARTER_PUBLISHED)
    assert not Notification.objects.filter(user__username__startswith="zhejiang").exists()
    assert not Notification.objects.filter(organisation__province__schema_name="zhejiang").exists()


def test_a_republication_tells_the_province_again_under_its_new_version():
    q, cell = published_with_a_returned_value()
    with schema_context("ziyang"):
        services.values_report(actor=user("ziyang_staff"), period=q,
                               entries=[Entry(cell.indicator_id, str(cell.value + 1))])
    Notification.objects.all().delete()
    with schema_context("sichuan"):
        services.values_review(actor=user("sichuan_officer"), value_ids=[cell.pk], accept=True)
    published = Notification.objects.filter(kind=Kind.QUARTER_PUBLISHED)
    assert published.filter(organisation__schema_name="chengdu").exists()
    assert set(published.values_list("params__version", flat=True)) == {2}
    assert people(Kind.VALUE_ACCEPTED) == {"ziyang_staff"} | admins_of("ziyang")



def test_after_publication_a_correction_is_submitted_not_drafted(site):
    q, cell = published_with_a_returned_value()
    with schema_context("ziyang"), pytest.raises(ValidationError, match="不能保存为草稿"):
        services.values_report(actor=user("ziyang_staff"), period=q, submit=False,
                               entries=[Entry(cell.indicator_id, str(cell.value + 1))])
    cell.refresh_from_db()
    assert cell.status == ValueStatus.RETURNED
    page = site("ziyang", "ziyang_staff").get(f"/benchmark/report/?period={q.pk}").content.decode()
    assert 'value="submit"' in page and 'value="draft"' not in page


def test_the_province_returns_an_accepted_value_after_publication_and_the_quarter_loses_it(site):
    q, _returned = published_with_a_returned_value()
    chengdu = value_of("chengdu", "consultations", q)
    assert chengdu.status == ValueStatus.ACCEPTED
    officer = site("sichuan", "sichuan_officer")
    page = officer.get(f"/benchmark/review/committee/{chengdu.organisation_id}/?period={q.pk}").content.decode()
    assert f'data-value="{chengdu.pk}" data-status="accepted"' in page and "已发布（版本 1）" in text(page)
    officer.post(f"/benchmark/review/committee/{chengdu.organisation_id}/?period={q.pk}",
                 {"value": [chengdu.pk], "action": "return", "note": "与年报不符"})
    chengdu.refresh_from_db()
    assert chengdu.status == ValueStatus.RETURNED
    publication = PeriodPublication.objects.get(period=q, province__schema_name="sichuan")
    change = publication.versions.get(version=2).changes[0]
    assert (change["organisation"], change["before"], change["after"]) == ("成都", str(chengdu.value), None)
    note = text(site("ziyang", "ziyang_admin").get(f"/benchmark/methodology/{publication.pk}/").content.decode())
    assert f"成都 · 协商活动场次：{int(chengdu.value)}场（发布后退回，不再计入）" in note
    viewer = officer_viewer()
    group = next(g for g in selectors.peer_group_list(viewer) if g.kind == "cities")
    with schema_context("sichuan"):
        table = selectors.league_table(viewer=viewer, group=group, period=q, draws=0)
    j = [i.code for i in table.indicators].index("consultations")
    row = next(k for k, o in enumerate(table.organisations) if o.schema_name == "chengdu")
    assert str(table.values[row, j]) == "nan"  # no longer counted
    # accepting an accepted value is refused, saving nothing
    with schema_context("sichuan"), pytest.raises(ValidationError, match="已经采纳"):
        services.values_review(actor=user("sichuan_officer"), accept=True,
                               value_ids=[value_of("chengdu", "reading", q).pk])


def test_a_committees_values_page_is_the_provinces_only(site):
    q = period(2025, 4)
    ziyang = Organisation.objects.get(schema_name="ziyang")
    jinhua = Organisation.objects.get(schema_name="jinhua")
    officer, admin = site("sichuan", "sichuan_officer"), site("ziyang", "ziyang_admin")
    assert officer.get(f"/benchmark/review/committee/{jinhua.pk}/?period={q.pk}").status_code == 404
    assert admin.get(f"/benchmark/review/committee/{ziyang.pk}/?period={q.pk}").status_code == 404
    response = site("ziyang", "ziyang_admin").post(f"/benchmark/review/committee/{ziyang.pk}/?period={q.pk}",
                                                   {"value": pending_of("ziyang", q), "action": "accept"})
    assert response.status_code == 404 and pending_of("ziyang", q)
