"""Members imported from the .xlsx template: the template, the preview's messages per cell,
all or nothing on confirm, member accounts, formula cells, sheets too big."""
from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import schema_context
from openpyxl import Workbook, load_workbook

from accounts.models import Membership, Role, User
from tenancy.models import Organisation
from tenants.structure import member_import
from tenants.structure.member_import import HEADER, member_sheet_read, member_template_workbook
from tenants.structure.models import Member, Sector, Unit
from tenants.structure.services import members_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def ziyang():
    with schema_context("ziyang"):
        connection.tenant = Organisation.objects.get(schema_name="ziyang")
        yield connection.tenant


def sheet(*rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def sector():
    return Sector.objects.order_by("order").first().name


def unit():
    return Unit.objects.get(name="办公室").name


def admin():
    return User.objects.get(username="ziyang_admin")


def test_the_template_has_the_header_and_the_committees_sectors_and_units(ziyang):
    wb = load_workbook(io.BytesIO(member_template_workbook()))
    assert [c.value for c in wb["委员"][1]] == HEADER
    choices = wb["可选值"]
    assert {row[0].value for row in choices.iter_rows(min_row=2)} - {None} == set(Sector.objects.values_list("name", flat=True))
    assert {row[1].value for row in choices.iter_rows(min_row=2)} - {None} == set(Unit.objects.values_list("name", flat=True))
    assert wb["委员"].data_validations.dataValidation  # sector and unit are chosen from lists


def test_a_good_sheet_previews_and_imports_members_and_their_accounts(ziyang):
    members, users = Member.objects.count(), User.objects.count()
    preview = member_sheet_read(sheet(
        ["导入甲", sector(), unit(), 13800000001, "jia@example.cn", ""],
        ["导入乙", sector(), "", "028-12345678", "", "zy_yi"],
        ["导入丙", sector(), None, None, None, None],
    ))
    assert preview.ok, (preview.sheet_errors, preview.cell_errors)
    assert [(r.name, r.phone, r.username) for r in preview.rows] == [
        ("导入甲", "13800000001", "jia@example.cn"), ("导入乙", "028-12345678", "zy_yi"), ("导入丙", "", "")]
    imported = members_import(actor=admin(), rows=member_import.rows_unsign(member_import.rows_sign(preview.rows)))
    assert Member.objects.count() == members + 3 and User.objects.count() == users + 2
    jia = Member.objects.get(name="导入甲")
    assert (jia.unit.name, jia.phone, jia.email) == ("办公室", "13800000001", "jia@example.cn")
    account = User.objects.get(username="jia@example.cn")
    assert jia.user_id == account.pk and account.display_name == "导入甲"
    assert list(Membership.objects.filter(user=account).values_list("role", flat=True)) == [Role.MEMBER]
    passwords = {i.username: i.password for i in imported}
    assert account.check_password(passwords["jia@example.cn"]) and passwords[""] == ""


@pytest.mark.parametrize("row, cell, words", [
    (["某某", "不存在界", "", "", "", ""], "B2", "未知的界别"),
    (["某某", None, "", "", "", ""], "B2", "界别不能为空"),
    ([None, "SECTOR", "", "13800000009", "", ""], "A2", "姓名不能为空"),
    (["某某", "SECTOR", "不存在委", "", "", ""], "C2", "未知的委室"),
    (["某某", "SECTOR", "", "电话号码", "", ""], "D2", "格式不正确"),
    (["某某", "SECTOR", "", "", "not-an-email", ""], "E2", "不是有效的电子邮箱"),
    (["某某", "SECTOR", "", "", "", "ziyang_staff"], "F2", "已被使用"),
    (["某某", "SECTOR", "", "", "", "有 空格"], "F2", "用户名只能包含"),
    (["某某", "SECTOR", "", "=1+1", "", ""], "D2", "公式"),
])
def test_each_wrong_cell_gets_its_message(ziyang, row, cell, words):
    row = [sector() if v == "SECTOR" else v for v in row]
    preview = member_sheet_read(sheet(row))
    assert not preview.ok
    assert any(c == cell and words in message for c, message in preview.cell_errors), preview.cell_errors


def test_duplicates_in_the_sheet_and_existing_members_are_named(ziyang):
    existing = Member.objects.select_related("sector").first()
    preview = member_sheet_read(sheet(
        ["重复甲", sector(), "", "13800000001", "", "zy_dup"],
        ["重复甲", sector(), "", "13800000001", "", "ZY_DUP"],
        [existing.name, existing.sector.name, "", "", "", ""],
    ))
    messages = dict(preview.cell_errors)
    assert "与第 2 行重复" in messages["A3"] and "与第 2 行重复" in messages["D3"] and "与第 2 行重复" in messages["F3"]
    assert "已在本会名单中" in messages["A4"]
    assert not preview.ok


def test_a_sheet_with_one_bad_row_saves_nothing_and_confirm_rechecks(ziyang):
    members, users = Member.objects.count(), User.objects.count()
    preview = member_sheet_read(sheet(["好甲", sector(), "", "", "", "zy_good"], ["坏乙", "不存在界", "", "", "", ""]))
    assert not preview.ok and len(preview.rows) == 1
    rows = member_import.rows_unsign(member_import.rows_sign(
        member_sheet_read(sheet(["好甲", sector(), "", "", "", "zy_good"], ["好丙", sector(), "", "", "", "zy_good2"])).rows))
    User.objects.create(username="zy_good2")  # taken between preview and confirm
    users += 1
    with pytest.raises(ValidationError) as error:
        members_import(actor=admin(), rows=rows)
    assert "第 3 行" in error.value.messages[0]
    assert (Member.objects.count(), User.objects.count()) == (members, users)
    assert not User.objects.filter(username="zy_good").exists()


def test_a_sheet_that_is_not_the_template_or_not_a_workbook_or_empty_is_refused(ziyang):
    assert "不是委员导入模板" in member_sheet_read(sheet(["甲"], header=["名字"])).sheet_errors[0]
    assert "不是有效的 .xlsx" in member_sheet_read(b"PK not really").sheet_errors[0]
    assert "不是有效的 .xlsx" in member_sheet_read("姓名,界别".encode()).sheet_errors[0]
    assert "没有填写任何委员" in member_sheet_read(sheet()).sheet_errors[0]


def test_a_sheet_too_big_is_refused_before_its_rows_are_read(ziyang, monkeypatch):
    monkeypatch.setattr(member_import, "MAX_ROWS", 5)
    rows = [[f"多人{i}", sector(), "", "", "", ""] for i in range(10)]
    preview = member_sheet_read(sheet(*rows))
    assert preview.sheet_errors and re.search(r"超过|过大", preview.sheet_errors[0])
    assert not preview.rows


def test_a_preview_of_one_committee_cannot_be_confirmed_in_another(ziyang):
    token = member_import.rows_sign(member_sheet_read(sheet(["跨会", sector(), "", "", "", ""])).rows)
    with schema_context("jinhua"):
        with pytest.raises(ValidationError):
            member_import.rows_unsign(token)


def test_only_administrators_import(ziyang):
    from django.core.exceptions import PermissionDenied

    rows = member_sheet_read(sheet(["无权", sector(), "", "", "", "zy_nope"])).rows
    with pytest.raises(PermissionDenied):
        members_import(actor=User.objects.get(username="ziyang_staff"), rows=rows)
    assert not Member.objects.filter(name="无权").exists()


# --- the pages -------------------------------------------------------------------------------------------


def test_the_pages_preview_confirm_and_show_the_passwords_once(site):
    client = site("ziyang", "ziyang_admin")
    assert 'href="/structure/members/import/"' in client.get("/structure/members/").content.decode()
    template = client.get("/structure/members/import/template.xlsx")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")
    with schema_context("ziyang"):
        name = sector()
    upload = io.BytesIO(sheet(["页面甲", name, "", "", "yejia@example.cn", ""], ["页面乙", "不存在界", "", "", "", ""]))
    upload.name = "members.xlsx"
    response = client.post("/structure/members/import/", {"file": upload})
    body = response.content.decode()
    assert response.status_code == 400 and "B3" in body and "未知的界别" in body and 'name="token"' not in body
    upload = io.BytesIO(sheet(["页面甲", name, "", "", "yejia@example.cn", ""]))
    upload.name = "members.xlsx"
    body = client.post("/structure/members/import/", {"file": upload}).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', body).group(1)
    done = client.post("/structure/members/import/confirm/", {"token": token})
    assert done.status_code == 200 and "已导入 1 位委员" in done.content.decode()
    assert re.search(r"<code>[A-Za-z0-9]{12}</code>", done.content.decode())
    again = client.post("/structure/members/import/confirm/", {"token": token})  # the same preview twice
    assert again.status_code == 400 and "已在本会名单中" in again.content.decode()
    with schema_context("ziyang"):
        assert Member.objects.filter(name="页面甲").count() == 1


@pytest.mark.parametrize("username", ["ziyang_staff", "ziyang_viewer", "jinhua_admin"])
def test_the_import_pages_refuse_everyone_but_the_administrators(site, username):
    client = site("ziyang", username)
    assert client.get("/structure/members/import/").status_code == 403
    assert client.get("/structure/members/import/template.xlsx").status_code == 403
    assert 'href="/structure/members/import/"' not in client.get("/structure/members/").content.decode()
