"""A report submitted by a member (委员), a unit (委室, by its staff) or a 界别 group."""
from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenants.opinions.models import OpinionReport, Origin
from tenants.opinions.selectors import opinion_actor
from tenants.opinions.services import recorded
from tenants.structure.models import Member, Sector, Unit

ATTACHMENT_TYPES = {".pdf", ".doc", ".docx", ".wps", ".jpg", ".jpeg", ".png", ".xls", ".xlsx"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def attachment_check(attachment) -> None:
    if not attachment:
        return
    if Path(attachment.name).suffix.lower() not in ATTACHMENT_TYPES:
        raise ValidationError({"attachment": _("附件只能是 PDF、Word、WPS、Excel 或图片文件。")})
    if attachment.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"attachment": _("附件不能超过 10 MB。")})


def text_clean(values: dict) -> dict:
    cleaned = {name: (values.get(name) or "").strip() for name in ("title", "situation", "views", "suggestions")}
    errors = {}
    if not cleaned["title"]:
        errors["title"] = [_("请填写标题。")]
    if not cleaned["situation"]:
        errors["situation"] = [_("请填写基本情况。")]
    if not cleaned["suggestions"]:
        errors["suggestions"] = [_("请填写意见建议。")]
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def report_submit(*, actor, origin: str, title: str, situation: str, suggestions: str, views: str = "",
                  unit: Unit | None = None, sector: Sector | None = None, member: Member | None = None,
                  attachment=None) -> OpinionReport:
    """Submit a report to the office.

    - member: the signed-in person's own 委员 record is the author (the office may enter a report a
      member handed in on paper, naming the member);
    - unit: a unit whose staff the person is (the office may submit for any unit);
    - sector: a 界别 group: its own members (or the office) submit for it.
    Side effects: the OpinionReport; one ChangeLog; the office notified."""
    who = opinion_actor(actor)
    values = text_clean({"title": title, "situation": situation, "views": views, "suggestions": suggestions})
    report = OpinionReport(origin=origin, created_by_user_id=getattr(actor, "pk", None), **values)
    if origin == Origin.MEMBER and member is not None and who.is_office:
        report.member = member
    elif origin == Origin.MEMBER:
        if who.member_id is None:
            raise PermissionDenied(_("您的账号没有关联委员，不能以委员名义报送。"))
        report.member_id = who.member_id
    elif origin == Origin.UNIT:
        if unit is None:
            raise ValidationError({"unit": _("请选择报送的委室。")})
        if not (who.is_office or unit.pk in who.unit_ids):
            raise PermissionDenied(_("只能以自己所在委室的名义报送。"))
        report.unit = unit
    elif origin == Origin.SECTOR:
        if sector is None:
            raise ValidationError({"sector": _("请选择报送的界别。")})
        in_sector = who.member_id is not None and Member.objects.filter(pk=who.member_id, sector=sector).exists()
        if not (who.is_office or in_sector):
            raise PermissionDenied(_("只有该界别的委员（或社情民意工作机构）可以以界别名义报送。"))
        report.sector = sector
    else:
        raise ValidationError({"origin": _("请选择报送者。")})
    attachment_check(attachment)
    if attachment:
        report.attachment = attachment
    report.full_clean()
    report.save()
    recorded(actor=actor, report=report, action="submit",
             summary=_("报送社情民意信息“%(title)s”") % {"title": report.title})
    from tenants.opinions.services.notices import report_submitted

    report_submitted(report=report, actor=actor)
    from tenants.opinions.services.duty import report_duty_sync

    report_duty_sync(actor=actor, report=report)
    return report
