"""Every page of every demo role reads in English: no Chinese text but the data people wrote.

The crawler (`english_pages.crawl`) follows the links of each page from the start page, as the
role; data (names, titles, bodies) is marked in the templates with ``translate="no"`` or the
class ``data``. A failure names the page and the Chinese text left on it.
"""
import pytest
from django.conf import settings

from conftest import host_of
from tests.platform.ui.english_pages import crawl, untranslated

ROLES = [
    ("ziyang", "ziyang_admin"), ("ziyang", "ziyang_staff"), ("ziyang", "ziyang_member"),
    ("ziyang", "ziyang_viewer"), ("sichuan", "sichuan_officer"), ("ziyang", "sichuan_officer"),
    (None, "operator"), (None, "sichuan_officer"),
]


def english_client(slug, username):
    from django.test import Client

    from accounts.models import User

    client = Client(HTTP_HOST=host_of(slug), HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(User.objects.get(username=username))
    return client


def test_the_reader_leaves_data_out_and_finds_the_rest():
    html = ('<h1>Units</h1><p>Lead unit：<span translate="no">办公室</span></p>'
            '<td class="name data">张三<br><b>委员</b></td><p title="完成率">已完成 3</p>'
            '<select><option lang="zh-hans">简体中文</option></select><script>var a="滞后"</script>')
    assert untranslated(html) == ["Lead unit：", 'p[title]="完成率"', "已完成 3"]


@pytest.mark.django_db
@pytest.mark.parametrize("slug,username", ROLES, ids=[f"{s or 'console'}-{u}" for s, u in ROLES])
def test_every_page_reads_in_english(slug, username):
    pages = crawl(english_client(slug, username))
    assert len(pages) > 3, [p.url for p in pages]
    broken = [f"{p.url} answered {p.status}" for p in pages if p.status >= 500]
    chinese = [f"{p.url}: " + " | ".join(p.chinese[:12]) for p in pages if p.chinese]
    assert not broken and not chinese, (
        f"{len(chinese)} of {len(pages)} English pages show Chinese text that is not data:\n"
        + "\n".join(broken + chinese))


@pytest.mark.django_db
def test_the_league_table_export_reads_in_english_without_internal_codes():
    import io
    import re

    import openpyxl

    client = english_client("sichuan", "sichuan_officer")
    response = client.get("/benchmark/league.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [str(c) for sheet in book for row in sheet.iter_rows(max_row=2, values_only=True) for c in row if c]
    assert book.sheetnames == ["Ranking", "Indicator values"]
    assert {"Rank", "Committee", "Rank band (best)", "Leading group"} <= set(cells)
    codes = re.compile(r"\b(min_max|z_score|linear|geometric|exclude_rescale|impute_mean|per_10k|per_member)\b")
    assert not [c for c in cells if codes.search(c)], cells[:3]
    assert "Min-max" in cells[2]  # the method, as the page names it


@pytest.mark.django_db
def test_the_showcase_export_reads_in_english():
    import io

    import openpyxl

    response = english_client("ziyang", "ziyang_admin").get("/programmes/showcase.xlsx?year=2022&quarter=3")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["By unit", "By programme", "Item details"]
    title, header = [row for row in book["By unit"].iter_rows(max_row=2, values_only=True)]
    assert title[0] == "Showcase of Q3 2022" and header[0] == "Units" and "Target completion (%)" in header
