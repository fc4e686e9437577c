from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tenancy.transfer import TransferError, tenant_import


class Command(BaseCommand):
    help = "从 tenant_export 的导出文件恢复一个政协组织。"

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, **opts):
        path = Path(opts["path"])
        if not path.is_file():
            raise CommandError(f"找不到文件 {path}。")
        try:
            organisation = tenant_import(path.read_bytes())
        except TransferError as error:
            raise CommandError(str(error)) from error
        from operations.models import AuditEvent
        from operations.services import audit_record

        audit_record(AuditEvent.Action.IMPORT, organisation=organisation, detail={"path": str(path)})
        self.stdout.write(f"已导入 {organisation.name}")
