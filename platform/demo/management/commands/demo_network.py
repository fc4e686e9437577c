from django.conf import settings
from django.core.management.base import BaseCommand

from demo.services import DEMO_PASSWORD, demo_network_build
from tenancy.services import organisation_domain_name


class Command(BaseCommand):
    help = "建立演示网络（四川、浙江两省的政协组织、架构、账号）；可重复运行，不会丢失数据。"

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, **opts):
        organisations, accounts = demo_network_build(stdout=None if opts["quiet"] else self.stdout)
        if opts["quiet"]:
            return
        port = opts["port"]
        self.stdout.write("\n演示网络已就绪 · The demo network is ready\n")
        self.stdout.write(f"  平台控制台  http://{settings.BASE_DOMAIN}:{port}/")
        for slug in ("sichuan", "ziyang", "jinhua", "chengdu"):
            org = organisations[slug]
            self.stdout.write(f"  {org.name:<16} http://{organisation_domain_name(slug)}:{port}/")
        self.stdout.write(f"  （共 {len(organisations)} 个政协组织，网址均为 http://<标识>.{settings.BASE_DOMAIN}:{port}/）\n")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）· demo accounts, password {DEMO_PASSWORD}:")
        for username, role, where in accounts:
            self.stdout.write(f"  {username:<20} {role:<10} {where}")
