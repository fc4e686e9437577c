import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tenancy.migrating import migrate_behind, schemas_behind


class Command(BaseCommand):
    help = ("升级所有租户模式：一次查询找出缺少迁移的模式，只迁移这些模式，并行执行。"
            " Upgrade tenant schemas: find those behind in one query, migrate only them, in parallel.")

    def add_arguments(self, parser):
        parser.add_argument("--parallel", type=int, default=0, help="worker processes (0 = one per core)")
        parser.add_argument("--shared", action="store_true", help="migrate the public schema first")
        parser.add_argument("--check", action="store_true", help="only list schemas behind; exit 1 if any")

    def handle(self, *args, **opts):
        started = time.perf_counter()
        if opts["shared"]:
            call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        behind = schemas_behind()
        self.stdout.write(f"{len(behind)} 个租户模式需要迁移（查询用时 {time.perf_counter() - started:.2f} 秒）")
        if opts["check"]:
            for schema in behind:
                self.stdout.write(f"  {schema}")
            if behind:
                raise CommandError(f"{len(behind)} 个租户模式落后于代码的迁移。")
            return

        def progress(done, total, schema):
            self.stdout.write(f"  [{done}/{total}] {schema}")

        migrate_behind(behind, parallel=opts["parallel"], progress=progress)
        still = schemas_behind()
        if still:
            raise CommandError(f"迁移后仍有 {len(still)} 个模式落后：{', '.join(still[:10])}")
        self.stdout.write(f"完成，用时 {time.perf_counter() - started:.2f} 秒。")
