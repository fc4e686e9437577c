from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenancy.models import Level, Organisation
from tenancy.services import organisation_create, organisation_domain_name


class Command(BaseCommand):
    help = "开通一个政协组织（租户）：创建其记录、域名和数据库模式。"

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="全称，如 政协资阳市委员会")
        parser.add_argument("--short-name", required=True, help="简称，如 资阳")
        parser.add_argument("--level", required=True, choices=[Level.PROVINCE, Level.CITY, Level.COUNTY])
        parser.add_argument("--region-code", required=True, help="6 位行政区划代码")
        parser.add_argument("--slug", required=True, help="标识，用于域名和模式名，如 ziyang")
        parser.add_argument("--parent", help="上级组织的行政区划代码")
        parser.add_argument("--population", type=int)

    def handle(self, *args, **opts):
        parent = None
        if opts["parent"]:
            parent = Organisation.objects.filter(region_code=opts["parent"]).first()
            if parent is None:
                raise CommandError(f"找不到行政区划代码为 {opts['parent']} 的上级组织。")
        try:
            organisation = organisation_create(
                name=opts["name"], short_name=opts["short_name"], level=opts["level"],
                region_code=opts["region_code"], slug=opts["slug"], parent=parent,
                population=opts["population"],
            )
        except ValidationError as error:
            messages = "; ".join(m for ms in error.message_dict.values() for m in ms)
            raise CommandError(messages) from error
        self.stdout.write(
            f"已开通 {organisation.name}：http://{organisation_domain_name(organisation.schema_name)}"
        )
