"""Members imported in bulk from an .xlsx template: the template, and reading a filled one.

Reading writes nothing: it returns a preview with one message per wrong cell
(unknown sector or unit, a duplicate, a bad phone or email, a taken username,
a formula without a value). The page saves through ``services.members_import``
only when the whole sheet is clean; that service checks every row again, so a
confirmed import is all or nothing.
"""
from __future__ import annotations

import io
import re
from dataclasses import asdict, dataclass, field

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import connection
from django.utils.translation import gettext as _
from documents.errors import DocumentError
from documents.workbooks import Formula, workbook_rows
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.models import User
from tenants.structure.models import Member, Sector, Unit

HEADER = ["姓名", "界别", "联系委室", "电话", "电子邮箱", "用户名（可选）"]
FIRST_ROW = 2
MAX_ROWS = 2000  # members of one committee, with room to spare
MAX_COLUMNS = 100  # declared; only the six of HEADER are read
MAX_UNCOMPRESSED_MB = 10
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
TOKEN_SALT = "structure.member_import"
TOKEN_MAX_AGE = 6 * 3600
PHONE = re.compile(r"^\+?\d[\d\- ]{5,18}\d$")


@dataclass
class MemberRow:
    """One row as it will be saved: names resolved to ids."""

    line: int
    name: str
    sector_id: int
    sector: str
    unit_id: int | None
    unit: str
    phone: str
    email: str
    username: str  # the account to create ("" for none): the username given, else the email


@dataclass
class MemberSheetPreview:
    sheet_errors: list[str] = field(default_factory=list)
    cell_errors: list[tuple[str, str]] = field(default_factory=list)
    rows: list[MemberRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.sheet_errors and not self.cell_errors and bool(self.rows)


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def member_template_workbook() -> bytes:
    """The template: the header row, one example row to overwrite, and the committee's sectors and units."""
    wb = Workbook()
    ws = wb.active
    ws.title = "委员"
    ws.append(HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEF", (12, 18, 18, 16, 26, 16)):
        ws.column_dimensions[letter].width = width
    lists = wb.create_sheet("可选值")
    lists.append(["界别", "联系委室"])
    sectors = list(Sector.objects.values_list("name", flat=True))
    units = list(Unit.objects.values_list("name", flat=True))
    for i in range(max(len(sectors), len(units))):
        lists.append([sectors[i] if i < len(sectors) else None, units[i] if i < len(units) else None])
    notes = wb.create_sheet("说明")
    for line in (
        _("从第 2 行起每行一位委员；不要修改第 1 行。"),
        _("姓名、界别必填；界别和联系委室须与“可选值”表中的名称一致。"),
        _("电话、电子邮箱可不填；填写电子邮箱或用户名的委员将同时开通委员账号（没有用户名时以电子邮箱作为用户名）。"),
        _("导入前会先预览并逐格提示错误；确认后全部保存，或一条也不保存。"),
    ):
        notes.append([line])
    if sectors:
        rule = DataValidation(type="list", formula1=f"'可选值'!$A$2:$A${len(sectors) + 1}", allow_blank=True)
        ws.add_data_validation(rule)
        rule.add(f"B{FIRST_ROW}:B{MAX_ROWS}")
    if units:
        rule = DataValidation(type="list", formula1=f"'可选值'!$B$2:$B${len(units) + 1}", allow_blank=True)
        ws.add_data_validation(rule)
        rule.add(f"C{FIRST_ROW}:C{MAX_ROWS}")
    return _save(wb)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed into a number cell
    return str(value).strip()


def member_sheet_read(content: bytes) -> MemberSheetPreview:
    """Check a filled template against the committee's sectors, units, members and the accounts."""
    preview = MemberSheetPreview()
    try:
        rows = workbook_rows(content, columns=len(HEADER), max_rows=MAX_ROWS, max_columns=MAX_COLUMNS,
                             max_uncompressed_mb=MAX_UNCOMPRESSED_MB)
    except DocumentError as error:
        preview.sheet_errors.append(_("不是有效的 .xlsx 文件，请使用下载的模板。") if error.code == "corrupt"
                                    else f"{error.message}{_('请使用下载的模板。')}")
        return preview
    if not rows or [_text(c) for c in (list(rows[0]) + [None] * len(HEADER))[:len(HEADER)]] != HEADER:
        preview.sheet_errors.append(_("这不是委员导入模板（或第 1 行的表头被修改），请重新下载模板。"))
        return preview
    sectors = dict(Sector.objects.values_list("name", "pk"))
    units = dict(Unit.objects.values_list("name", "pk"))
    existing = set(Member.objects.values_list("name", "sector_id"))
    seen_members: dict[tuple[str, int], int] = {}
    seen_usernames: dict[str, int] = {}
    seen_phones: dict[str, int] = {}
    for line, raw in enumerate(rows[FIRST_ROW - 1:], start=FIRST_ROW):
        raw = (list(raw) + [None] * len(HEADER))[:len(HEADER)]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw):
            continue
        errors_before = len(preview.cell_errors)

        def wrong(column: str, message: str) -> None:
            preview.cell_errors.append((f"{column}{line}", message))

        values = []
        for column, value in zip("ABCDEF", raw):
            if isinstance(value, Formula):
                wrong(column, _("这个单元格是公式“%(formula)s”，文件中没有它的计算结果。请直接填写内容，"
                                "或在 Excel / WPS 中打开、保存后再上传。") % {"formula": value.text})
                value = None
            values.append(_text(value))
        name, sector_name, unit_name, phone, email, username = values
        if not name and not isinstance(raw[0], Formula):
            wrong("A", _("姓名不能为空。"))
        elif len(name) > 30:
            wrong("A", _("姓名不能超过 30 个字。"))
        sector_id = sectors.get(sector_name)
        if not sector_name:
            if not isinstance(raw[1], Formula):
                wrong("B", _("界别不能为空。"))
        elif sector_id is None:
            wrong("B", _("未知的界别“%(name)s”：请使用“可选值”表中的界别。") % {"name": sector_name})
        unit_id = units.get(unit_name) if unit_name else None
        if unit_name and unit_id is None:
            wrong("C", _("未知的委室“%(name)s”：请使用“可选值”表中的委室。") % {"name": unit_name})
        if phone:
            if not PHONE.match(phone):
                wrong("D", _("电话“%(phone)s”格式不正确。") % {"phone": phone})
            elif phone in seen_phones:
                wrong("D", _("电话“%(phone)s”与第 %(line)s 行重复。") % {"phone": phone, "line": seen_phones[phone]})
            else:
                seen_phones[phone] = line
        if email:
            try:
                EmailValidator()(email)
            except ValidationError:
                wrong("E", _("“%(email)s”不是有效的电子邮箱。") % {"email": email})
                email_ok = False
            else:
                email_ok = True
        else:
            email_ok = True
        account = username or (email if email_ok else "")
        if username:
            try:
                UnicodeUsernameValidator()(username)
            except ValidationError:
                wrong("F", _("用户名只能包含字母、数字和 @ . + - _，不能有空格。"))
                account = ""
        if account:
            column = "F" if username else "E"
            key = account.lower()
            if key in seen_usernames:
                wrong(column, _("用户名“%(username)s”与第 %(line)s 行重复。") % {
                    "username": account, "line": seen_usernames[key]})
            elif User.objects.filter(username__iexact=account).exists():
                wrong(column, _("用户名“%(username)s”已被使用。") % {"username": account})
            else:
                seen_usernames[key] = line
        if name and sector_id is not None:
            key = (name, sector_id)
            if key in existing:
                wrong("A", _("委员“%(name)s”（%(sector)s）已在本会名单中。") % {"name": name, "sector": sector_name})
            elif key in seen_members:
                wrong("A", _("委员“%(name)s”（%(sector)s）与第 %(line)s 行重复。") % {
                    "name": name, "sector": sector_name, "line": seen_members[key]})
            else:
                seen_members[key] = line
        if len(preview.cell_errors) == errors_before:
            preview.rows.append(MemberRow(line=line, name=name, sector_id=sector_id, sector=sector_name,
                                          unit_id=unit_id, unit=unit_name, phone=phone, email=email,
                                          username=account))
    if not preview.rows and not preview.cell_errors:
        preview.sheet_errors.append(_("表格中没有填写任何委员。"))
    return preview


def _salt() -> str:
    return f"{TOKEN_SALT}:{connection.schema_name}"  # a preview of one committee is no use in another


def rows_sign(rows: list[MemberRow]) -> str:
    return signing.dumps([asdict(row) for row in rows], salt=_salt(), compress=True)


def rows_unsign(token: str) -> list[MemberRow]:
    try:
        data = signing.loads(token or "", salt=_salt(), max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_("预览已过期，请重新上传文件。"), code="expired") from None
    except signing.BadSignature:
        raise ValidationError(_("预览数据无效，请重新上传文件。"), code="bad_token") from None
    return [MemberRow(**row) for row in data]
