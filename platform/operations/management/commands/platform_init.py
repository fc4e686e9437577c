import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Role
from accounts.services import membership_grant, user_ensure
from tenancy.services import platform_ensure


class Command(BaseCommand):
    help = "初始化平台：平台记录（裸域名）和第一个平台运维账号。可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--operator", required=True, help="平台运维账号的用户名")
        parser.add_argument("--display-name", default="平台运维")
        parser.add_argument("--password-env", default="CPPCC_OPERATOR_PASSWORD",
                            help="从这个环境变量读取初始密码（不在命令行上出现）")

    def handle(self, *args, **opts):
        password = os.environ.get(opts["password_env"], "")
        if len(password) < 12:
            raise CommandError(f"请在环境变量 {opts['password_env']} 中给出至少 12 个字符的初始密码。")
        with transaction.atomic():
            platform = platform_ensure()
            user = user_ensure(username=opts["operator"], display_name=opts["display_name"], password=password)
            membership_grant(user=user, organisation=platform, role=Role.PLATFORM_OPERATOR)
        self.stdout.write(f"平台已就绪；平台运维账号：{user.username}")
