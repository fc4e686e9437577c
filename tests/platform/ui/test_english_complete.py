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
