"""A material's document date (成文日期): from its occasion, a date line of its text, or
entered; the year facet and the newest-first order use it, the upload date stays shown."""
import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from search.models import OutboxEntry
from search.selectors import search
from search.services import index_pending
from shared.materials import services
from shared.materials.dates import date_in_line, document_date_in
from shared.materials.models import Material

TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(("line", "expected"), [
    ("2022年5月17日", dt.date(2022, 5, 17)),
    ("2022 年 5 月", dt.date(2022, 5, 1)),
    ("（2021年9月28日在全市政协工作会议上的发言）", dt.date(2021, 9, 28)),
    ("二〇二二年五月十日", dt.date(2022, 5, 10)),
    ("二○一九年十二月三十一日", dt.date(2019, 12, 31)),
    ("发布时间：2023-01-01", dt.date(2023, 1, 1)),
    ("2020.11.3", dt.date(2020, 11, 3)),
    # sentences and impossible dates are not date lines
    ("2022年5月，我们在全市开展了协商议事活动", None),
    ("二〇二二年二月三十日", None),
    ("2099年1月1日", None),
    ("资政协办〔2022〕38号", None),
    ("2022年工作综述", None),
])
def test_a_date_line(line, expected):
    assert date_in_line(line, TODAY) == expected


def test_the_signature_date_at_the_end_wins_over_dates_in_the_body():
    text = "\n".join([
        "把协商议事室建到群众家门口",
        "2019年以来，我们在每个乡镇建起了协商议事室，到2021年3月底已有120个。",
        "一是建好阵地。" + "阵地建设" * 30,
        "乐山市政协",
        "二〇二二年六月八日",
    ])
    assert document_date_in(text, TODAY) == dt.date(2022, 6, 8)


def test_the_date_under_the_title_counts_when_the_end_has_none():
    body = "\n".join("第%d段，委员们深入一线，收集群众意见建议。" % n for n in range(30))
    text = "在全省交流会上的发言\n（2023年4月20日）\n" + body
    assert document_date_in(text, TODAY) == dt.date(2023, 4, 20)
    assert document_date_in(body, TODAY) is None


@pytest.mark.django_db
def test_a_material_takes_its_date_from_its_text_its_occasion_or_the_uploader(in_committee, user):
    in_committee("ziyang")
    staff = user("ziyang_staff")
    from_text = services.material_create(
        actor=staff, title="落款有日期", body="正文一段。\n资阳市政协\n2022年5月17日", visibility="province")
    occasion = services.occasion_ensure(name="全省政协交流会", held_on=dt.date(2021, 11, 5))
    from_occasion = services.material_create(
        actor=staff, title="交流会上的发言", body="正文。\n2022年5月17日", occasion=occasion, visibility="province")
    entered = services.material_create(
        actor=staff, title="录入的日期", body="正文。\n2022年5月17日", visibility="province",
        document_date=dt.date(2020, 3, 2))
    undated = services.material_create(actor=staff, title="没有日期", body="正文没有落款。", visibility="province")

    assert from_text.document_date == dt.date(2022, 5, 17)
    assert from_occasion.document_date == dt.date(2021, 11, 5)
    assert entered.document_date == dt.date(2020, 3, 2)
    assert undated.document_date is None and undated.published_on == undated.created_at.date()

    services.material_update(actor=staff, material=entered, document_date=dt.date(2019, 1, 9))
    entered.refresh_from_db()
    assert entered.document_date == dt.date(2019, 1, 9)


@pytest.mark.django_db
def test_the_year_facet_and_date_order_use_the_document_date(in_committee, user):
    in_committee("ziyang")
    staff = user("ziyang_staff")
    older = services.material_create(actor=staff, title="湔江堰畔的议事会甲", body="湔江堰议事。\n2018年3月1日",
                                     visibility="province")
    newer = services.material_create(actor=staff, title="湔江堰畔的议事会乙", body="湔江堰议事。\n2020年3月1日",
                                     visibility="province")
    index_pending()
    result = search("湔江堰", sort="date")
    assert [h.id for h in result.hits] == [newer.id, older.id]
    assert [h.published_on for h in result.hits] == [dt.date(2020, 3, 1), dt.date(2018, 3, 1)]
    years = {b.value: b.count for b in result.facets["year"]}
    assert years == {"2020": 1, "2018": 1}


@pytest.mark.django_db
def test_the_migration_fills_dates_it_can_derive_and_queues_them(in_committee, user):
    in_committee("ziyang")
    staff = user("ziyang_staff")
    dated = services.material_create(actor=staff, title="迁移前甲", body="正文。\n二〇二一年七月一日", visibility="province")
    undated = services.material_create(actor=staff, title="迁移前乙", body="正文没有落款。", visibility="province")
    connection.set_schema_to_public()
    Material.objects.filter(pk__in=[dated.pk, undated.pk]).update(document_date=None)
    OutboxEntry.objects.all().delete()

    migration = importlib.import_module("shared.materials.migrations.0003_outside_credit_document_date")
    migration.fill_document_dates(apps, SimpleNamespace(connection=connection))

    dated.refresh_from_db()
    undated.refresh_from_db()
    assert dated.document_date == dt.date(2021, 7, 1) and undated.document_date is None
    queued = set(OutboxEntry.objects.values_list("object_id", flat=True))
    assert dated.pk in queued and undated.pk not in queued


@pytest.mark.django_db
def test_the_upload_preview_proposes_the_date_it_found_and_the_page_shows_both_dates(site, media):
    client = site("ziyang", "ziyang_staff")
    text = "议事厅的故事\n委员协商议事厅开在社区里。\n二〇二二年五月十日".encode()
    preview = client.post("/materials/upload/", {
        "action": "preview", "title": "", "visibility": "draft",
        "file": SimpleUploadedFile("议事厅.txt", text)}, HTTP_HX_REQUEST="true")
    assert 'name="document_date" value="2022-05-10"' in preview.content.decode()

    client.post("/materials/upload/", {
        "action": "confirm", "title": "议事厅的故事", "visibility": "draft", "document_date": "2022-05-10",
        "body": text.decode(), "file": SimpleUploadedFile("议事厅.txt", text)}, HTTP_HX_REQUEST="true")
    material = Material.objects.get(title="议事厅的故事")
    assert material.document_date == dt.date(2022, 5, 10)
    page = client.get(f"/materials/{material.id}/").content.decode()
    assert "成文日期：2022年5月10日" in page
    from django.utils import timezone

    created = timezone.localtime(material.created_at)
    assert f"上传日期：{created.year}年{created.month}月{created.day}日" in page
