import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role
from accounts.services import membership_grant, user_ensure
from tenancy.models import Organisation


class Command(BaseCommand):
    help = "给账号授予某政协组织中的角色；账号不存在时创建（初始密码取自环境变量）。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("slug", help="组织标识，如 sichuan、ziyang；平台运维用 public")
        parser.add_argument("role", choices=[r.value for r in Role])
        parser.add_argument("--display-name", default="")
        parser.add_argument("--password-env", default="CPPCC_INITIAL_PASSWORD")

    def handle(self, *args, **opts):
        organisation = Organisation.objects.filter(schema_name=opts["slug"]).first()
        if organisation is None:
            raise CommandError(f"找不到标识为 {opts['slug']} 的组织。")
        password = os.environ.get(opts["password_env"]) or None
        user = user_ensure(username=opts["username"], display_name=opts["display_name"] or opts["username"],
                           password=password)
        try:
            membership_grant(user=user, organisation=organisation, role=Role(opts["role"]))
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"{user.username} 在 {organisation.name} 的角色：{Role(opts['role']).label}")
