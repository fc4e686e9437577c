"""Killed and retried uploads: a file a killed save left behind is swept, and the same upload
sent again is not saved twice."""
import datetime as dt
import io
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shared.materials import services, uploads
from shared.materials.models import Compilation, Material
from tests.shared.materials.files import docx_bytes

pytestmark = pytest.mark.django_db

BODY = ["社区协商议事会每月开一次。", "居民提出的停车问题三个月内解决。"]


class Killed(BaseException):
    """The process dies here: nothing after this point runs."""


@pytest.fixture
def killed_after_the_file_is_written(monkeypatch):
    """The next save writes its file, then its process is killed inside the transaction:
    the transaction never commits and no cleanup runs."""
    written = []
    real_save = uploads.UploadFiles.save

    def save_then_die(self, path, data):
        written.append(real_save(self, path, data))
        raise Killed

    monkeypatch.setattr(uploads.UploadFiles, "save", save_then_die)
    monkeypatch.setattr(uploads.UploadFiles, "discard", lambda self: None)  # a dead process cleans nothing
    return written


def _age(settings, name: str, *, hours: float) -> None:
    path = os.path.join(settings.MEDIA_ROOT, "shared", name)
    then = (timezone.now() - dt.timedelta(hours=hours)).timestamp()
    os.utime(path, (then, then))


def _sweep(*args) -> str:
    out = io.StringIO()
    call_command("materials_sweep_orphans", *args, stdout=out)
    return out.getvalue()


def test_a_killed_upload_leaves_an_orphan_that_the_sweep_removes(media, in_committee, user, settings,
                                                                 killed_after_the_file_is_written):
    in_committee("ziyang")
    with pytest.raises(Killed):
        services.material_create(actor=user("ziyang_staff"), title="被中断的上传",
                                 file_name="议事会.docx", file_data=docx_bytes(BODY))
    [orphan] = killed_after_the_file_is_written
    assert not Material.objects.filter(title="被中断的上传").exists()
    assert media() == ["shared/" + orphan]  # the kill left the file behind

    # an hour later: the dry run lists it, per committee, and deletes nothing
    _age(settings, orphan, hours=2)
    report = _sweep()
    assert "ziyang: 1 orphaned file(s)" in report and orphan in report and "dry run" in report
    assert media() == ["shared/" + orphan]

    assert "1 orphaned file(s)" in _sweep("--delete") and media() == []


def test_the_sweep_keeps_referenced_and_recent_files(media, in_committee, user, settings, monkeypatch):
    in_committee("ziyang")
    kept = services.material_create(actor=user("ziyang_staff"), title="保存好的材料",
                                    file_name="好.docx", file_data=docx_bytes(BODY))
    _age(settings, kept.file.name, hours=5)
    real_save = uploads.UploadFiles.save
    recent = []

    def save_then_die(self, path, data):
        recent.append(real_save(self, path, data))
        raise Killed

    monkeypatch.setattr(uploads.UploadFiles, "save", save_then_die)
    monkeypatch.setattr(uploads.UploadFiles, "discard", lambda self: None)
    with pytest.raises(Killed):
        services.material_create(actor=user("ziyang_staff"), title="刚被中断", file_name="新.txt",
                                 file_data="正在保存的正文。".encode())

    assert uploads.orphan_files_sweep(delete=True) == []  # the orphan is only minutes old
    assert media() == sorted(["shared/" + kept.file.name, "shared/" + recent[0]])
    with pytest.raises(CommandError):
        _sweep("--delete", "--older-than-minutes", "5")


def test_a_killed_compilation_import_is_swept_too(media, in_committee, user, settings,
                                                  killed_after_the_file_is_written):
    ziyang = in_committee("ziyang")
    with pytest.raises(Killed):
        services.compilation_import(
            actor=user("ziyang_staff"), title="中断的汇编", file_name="汇编.docx", file_data=docx_bytes(BODY),
            rows=[services.ImportRow(title="一篇", organisation_id=ziyang.id, body="正文。")],
        )
    [orphan] = killed_after_the_file_is_written
    assert orphan.startswith("compilations/ziyang/") and not Compilation.objects.filter(title="中断的汇编").exists()
    _age(settings, orphan, hours=2)

    from shared.materials.tasks import materials_sweep_orphans_task

    assert materials_sweep_orphans_task() == 1  # what beat runs every night
    assert media() == []


def test_beat_sweeps_every_day_in_the_public_schema():
    from config.celery import app

    [entry] = [e for e in app.conf.beat_schedule.values() if e["task"] == "materials.sweep_orphans"]
    assert entry["tenant_schemas"] == ["public"]
    assert "materials.sweep_orphans" in app.tasks


# --- retries -------------------------------------------------------------------------------


def test_a_retried_upload_is_not_saved_twice(media, in_committee, user):
    in_committee("ziyang")
    data = docx_bytes(BODY)
    first = services.material_create(actor=user("ziyang_staff"), title="重试的上传", file_name="a.docx", file_data=data)

    with pytest.raises(services.AlreadySaved) as retry:
        services.material_create(actor=user("ziyang_admin"), title="重试的上传", file_name="a.docx", file_data=data)

    assert retry.value.saved == first
    assert retry.value.messages == ["“重试的上传”刚才已经保存过，没有重复保存。"]
    assert Material.objects.filter(title="重试的上传").count() == 1
    assert media() == ["shared/" + first.file.name]
    # another title, or the same upload long after, is a new material
    services.material_create(actor=user("ziyang_staff"), title="另一个标题", file_name="a.docx", file_data=data)
    Material.objects.filter(pk=first.pk).update(created_at=timezone.now() - services.RETRY_WINDOW - dt.timedelta(minutes=1))
    services.material_create(actor=user("ziyang_staff"), title="重试的上传", file_name="a.docx", file_data=data)
    assert Material.objects.filter(title="重试的上传").count() == 2


def test_another_committee_may_upload_the_same_file(media, in_committee, user):
    data = "同一份通稿。".encode()
    in_committee("ziyang")
    services.material_create(actor=user("ziyang_staff"), title="通稿", file_name="a.txt", file_data=data)
    in_committee("jinhua")
    services.material_create(actor=user("jinhua_staff"), title="通稿", file_name="a.txt", file_data=data)
    assert Material.objects.filter(title="通稿").count() == 2


def test_the_retried_confirm_shows_the_material_already_saved(site, media):
    client = site("ziyang", "ziyang_staff")

    def confirm():
        return client.post("/materials/upload/", {
            "action": "confirm", "title": "点了两次", "body": "", "visibility": "draft",
            "file": SimpleUploadedFile("两次.txt", "委员议事会的正文。".encode()),
        }, follow=True)

    confirm()
    again = confirm()
    material = Material.objects.get(title="点了两次")
    assert again.redirect_chain[-1][0] == f"/materials/{material.id}/"
    assert "“点了两次”刚才已经保存过，没有重复保存。" in again.content.decode()
    assert Material.objects.filter(title="点了两次").count() == 1 and len(media()) == 1


def test_a_retried_compilation_import_is_not_saved_twice(media, in_committee, user):
    ziyang = in_committee("ziyang")
    data = docx_bytes(BODY)

    def import_():
        return services.compilation_import(
            actor=user("ziyang_staff"), title="重试的汇编", file_name="汇编.docx", file_data=data,
            rows=[services.ImportRow(title="汇编里的一篇", organisation_id=ziyang.id, body="正文。")],
        )

    first = import_()
    with pytest.raises(services.AlreadySaved) as retry:
        import_()
    assert retry.value.saved == first
    assert Compilation.objects.filter(title="重试的汇编").count() == 1
    assert Material.objects.filter(title="汇编里的一篇").count() == 1


def test_the_api_answers_a_retried_upload_with_the_duplicate_code(media):
    from rest_framework.test import APIClient

    from accounts.models import User

    client = APIClient(HTTP_HOST="ziyang.localhost")
    client.force_authenticate(User.objects.get(username="ziyang_staff"))

    def post():
        return client.post("/api/materials/", {
            "title": "接口重试", "file": SimpleUploadedFile("重试.txt", "接口上传的正文。".encode())}, format="multipart")

    first = post()
    assert first.status_code == 201 and first.json()["keeper"] == "政协资阳市委员会" and first.json()["credit"] == "own"
    again = post()
    assert again.status_code == 400
    assert again.json()["code"] == "duplicate"
    assert again.json()["detail"] == "“接口重试”刚才已经保存过，没有重复保存。"
    assert Material.objects.filter(title="接口重试").count() == 1
