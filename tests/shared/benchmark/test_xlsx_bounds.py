"""A filled-in indicator template is refused at once when its sheet is absurdly large.

Issue 12: a 595 KB .xlsx holding a 174 MB sheet took 194 s before it was refused,
because every row was listed before the header was checked.
"""
import io
import re
import time
import zipfile

import pytest

from shared.benchmark.models import ReportedValue
from tests.platform.documents.bombs import peak_rss_mb
from tests.shared.benchmark.helpers import period

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture
def admin(site):
    return site("ziyang", "ziyang_admin")


def template(client) -> bytes:
    return client.get(f"/benchmark/report/template.xlsx?period={period(2025, 4).pk}").content


def rewritten(content: bytes, change) -> bytes:
    """The workbook with its first sheet's XML passed through ``change``."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            archive.writestr(info.filename, change(data) if info.filename == SHEET else data)
    return out.getvalue()


def with_rows(sheet: bytes, rows: int, first: int = 100) -> bytes:
    """``rows`` extra rows with an unknown indicator code, after the template's own."""
    extra = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x%d</t></is></c></row>' % (n, n, n)
        for n in range(first, first + rows)
    )
    return sheet.replace(b"</sheetData>", extra + b"</sheetData>")


def upload(client, content: bytes) -> tuple[str, float]:
    buffer = io.BytesIO(content)
    buffer.name = "填报.xlsx"
    started = time.monotonic()
    body = client.post("/benchmark/report/upload/", {"period": period(2025, 4).pk, "file": buffer}).content.decode()
    return body, time.monotonic() - started


def test_the_downloaded_template_declares_its_real_size(admin):
    sheet = zipfile.ZipFile(io.BytesIO(template(admin))).read(SHEET)
    assert re.search(rb'<dimension ref="A1:E\d+"/>', sheet)


def test_a_sheet_declaring_a_million_rows_and_every_column_is_refused_at_once(admin):
    before = ReportedValue.objects.count()
    content = rewritten(template(admin), lambda s: re.sub(rb'<dimension ref="[^"]+"/>',
                                                          b'<dimension ref="A1:XFD1048576"/>', s))
    body, elapsed = upload(admin, content)
    assert "表格范围过大（1048576 行 × 16384 列）" in body and "请使用下载的模板。" in body
    assert elapsed < 5
    assert ReportedValue.objects.count() == before


def test_a_small_file_holding_a_huge_sheet_is_refused_before_any_row_is_read(admin):
    content = rewritten(template(admin), lambda s: with_rows(s, 1_000_000))
    assert len(content) < 8 * 1024 * 1024
    before = peak_rss_mb()
    body, elapsed = upload(admin, content)
    assert "解压后过大" in body
    assert elapsed < 5
    assert peak_rss_mb() - before < 50


def test_a_sheet_with_more_rows_than_any_template_is_refused_after_the_limit(admin):
    # Without a declared dimension the reader lists the rows themselves: they are counted.
    content = rewritten(template(admin), lambda s: with_rows(re.sub(rb'<dimension ref="[^"]+"/>', b"", s), 6000))
    body, elapsed = upload(admin, content)
    assert "超过 5000 行" in body
    assert "未知的指标代码" not in body
    assert elapsed < 5
