"""The downloaded reporting template passes its own checks on rows the user did not touch; a real jump still asks
for a comment; after publication only returned values can be corrected through it."""
import io
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from accounts.models import User
from shared.benchmark import services
from shared.benchmark.models import ReportedValue
from tests.shared.benchmark.helpers import period, value_of

pytestmark = pytest.mark.django_db


def download(client, p):
    wb = load_workbook(io.BytesIO(client.get(f"/benchmark/report/template.xlsx?period={p.pk}").content))
    ws = wb.active
    return wb, ws, {ws.cell(r, 1).value: r for r in range(4, ws.max_row + 1)}


def upload(client, book, p):
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "t.xlsx"
    return client.post("/benchmark/report/upload/", {"period": p.pk, "file": buffer}).content.decode()


@pytest.fixture
def zero_after_one():
    """资阳 had 1 endorsement in Q3 and has 0 stored for Q4 (no comment): the case the issue found refused."""
    q3, q4 = period(2025, 3), period(2025, 4)
    ReportedValue.objects.filter(pk=value_of("ziyang", "endorsements", q3).pk).update(value=1)
    ReportedValue.objects.filter(pk=value_of("ziyang", "endorsements", q4).pk).update(value=0, comment="")
    return q4


def test_untouched_rows_pass_and_the_changed_row_is_saved(site, zero_after_one):
    q4 = zero_after_one
    client = site("ziyang", "ziyang_staff")
    wb, ws, rows = download(client, q4)
    assert ws.cell(rows["endorsements"], 4).value == 0
    reading = value_of("ziyang", "reading", q4)
    ws.cell(rows["reading"], 4).value = int(reading.value) + 1
    body = upload(client, wb, q4)
    assert "检查通过" in body and "变化超过" not in body
    client.post("/benchmark/report/upload/", {"period": q4.pk, "confirm": "1"})
    reading.refresh_from_db()
    assert reading.value == int(ws.cell(rows["reading"], 4).value) and reading.version == 2
    assert value_of("ziyang", "endorsements", q4).value == 0


def test_the_report_form_posted_as_shown_passes_too(site, zero_after_one):
    q4 = zero_after_one
    endorsements = value_of("ziyang", "endorsements", q4)
    with schema_context("ziyang"):
        saved = services.values_report(actor=User.objects.get(username="ziyang_staff"), period=q4,
                                       entries=[services.Entry(endorsements.indicator_id, "0")])
    assert saved == []  # unchanged, so nothing to save; before, the jump rule refused the whole form


def test_a_real_jump_still_needs_a_comment(site, zero_after_one):
    q4 = zero_after_one
    client = site("ziyang", "ziyang_staff")
    wb, ws, rows = download(client, q4)
    previous = value_of("ziyang", "consultations", period(2025, 3)).value
    ws.cell(rows["consultations"], 4).value = int(previous * 4)
    body = upload(client, wb, q4)
    assert f"D{rows['consultations']}：协商活动场次：与上期（{float(previous):g}）相比变化超过 3 倍" in body
    assert "检查通过" not in body
    ws.cell(rows["consultations"], 5).value = "本季度集中开展界别协商"
    assert "检查通过" in upload(client, wb, q4)


def test_after_publication_the_template_corrects_a_returned_value_only(site):
    q4 = period(2025, 4)
    officer = User.objects.get(username="sichuan_officer")
    cell = value_of("ziyang", "consultations", q4)
    with schema_context("sichuan"):
        services.values_review(actor=officer, value_ids=[cell.pk], accept=False, note="请核实")
        services.period_publish(actor=officer, period=q4, confirm=True)
    client = site("ziyang", "ziyang_staff")
    wb, ws, rows = download(client, q4)
    ws.cell(rows["reading"], 4).value = int(value_of("ziyang", "reading", q4).value) + 5
    assert "只能更正被退回的数值" in upload(client, wb, q4)
    wb, ws, rows = download(client, q4)
    corrected = int(cell.value) + 1
    ws.cell(rows["consultations"], 4).value = corrected
    assert "检查通过" in upload(client, wb, q4)
    client.post("/benchmark/report/upload/", {"period": q4.pk, "confirm": "1"})
    cell.refresh_from_db()
    assert (cell.value, cell.status) == (Decimal(corrected), "submitted")
