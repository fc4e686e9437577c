"""grant_role: give an account a role in a committee (lives with the units it may name)."""
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role
from accounts.services import membership_grant, user_ensure
from tenancy.models import Level, Organisation
from tenancy.selectors import in_organisation
from tenants.structure.models import Unit


def _unit_id(organisation: Organisation, name: str) -> int:
    """The id of the unit called `name` in the organisation's own schema."""
    if organisation.level == Level.PLATFORM:
        raise CommandError("平台组织没有委室，不能使用 --unit。")
    units = in_organisation(organisation, lambda: list(Unit.objects.values_list("id", "name").order_by("order", "id")))
    for unit_id, unit_name in units:
        if unit_name == name:
            return unit_id
    known = "、".join(unit_name for _id, unit_name in units) or "（尚无委室）"
    raise CommandError(f"{organisation.name}没有名为“{name}”的委室。现有委室：{known}")


class Command(BaseCommand):
    help = "给账号授予某政协组织中的角色；账号不存在时创建（初始密码取自环境变量）。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("slug", help="组织标识，如 sichuan、ziyang；平台运维用 public")
        parser.add_argument("role", choices=[r.value for r in Role])
        parser.add_argument("--display-name", default="")
        parser.add_argument("--password-env", default="CPPCC_INITIAL_PASSWORD")
        parser.add_argument("--unit", default="",
                            help="委室工作人员所在委室的名称，如 办公室；只能与 unit_staff 一起使用")

    def handle(self, *args, **opts):
        organisation = Organisation.objects.filter(schema_name=opts["slug"]).first()
        if organisation is None:
            raise CommandError(f"找不到标识为 {opts['slug']} 的组织。")
        role = Role(opts["role"])
        unit_name = opts["unit"].strip()
        if unit_name and role != Role.UNIT_STAFF:
            raise CommandError("--unit 只能用于委室工作人员（unit_staff）。")
        unit_id = _unit_id(organisation, unit_name) if unit_name else None
        password = os.environ.get(opts["password_env"]) or None
        user = user_ensure(username=opts["username"], display_name=opts["display_name"] or opts["username"],
                           password=password)
        try:
            membership_grant(user=user, organisation=organisation, role=role, unit_id=unit_id)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        where = f"（{unit_name}）" if unit_name else ""
        self.stdout.write(f"{user.username} 在 {organisation.name} 的角色：{role.label}{where}")
