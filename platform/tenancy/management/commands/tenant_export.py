from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tenancy.models import Organisation
from tenancy.transfer import tenant_export


class Command(BaseCommand):
    help = "把一个政协组织（模式、共享数据、上传文件）导出为 .tar.gz。"

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("path")

    def handle(self, *args, **opts):
        organisation = Organisation.objects.filter(schema_name=opts["slug"]).first()
        if organisation is None:
            raise CommandError(f"找不到标识为 {opts['slug']} 的政协组织。")
        data = tenant_export(organisation)
        Path(opts["path"]).write_bytes(data)
        from operations.models import AuditEvent
        from operations.services import audit_record

        audit_record(AuditEvent.Action.EXPORT, organisation=organisation, detail={"path": opts["path"]})
        self.stdout.write(f"已导出 {organisation.name} → {opts['path']}（{len(data) / 1024:.0f} KB）")
