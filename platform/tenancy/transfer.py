"""Moving one committee between platforms: export its schema and its shared rows, import them elsewhere.

The archive (.tar.gz) holds `data.json` and the committee's uploaded files:
- the Organisation, its Domains and its ancestors (so a fresh platform can
  place it under its city and province),
- the users with a membership in it (password hashes included) and those memberships,
- every row of every tenant app in its schema (primary keys kept),
- every row of a shared app that points at it through a foreign key to
  Organisation, plus the shared rows those rows point at (themes, indicators …),
  imported when the target lacks them.
Organisations are written by region code and users by username, so ids may
differ on the target. Integer fields named `user_id`, `*_user_id`,
`reviewer_id` or `actor_id` in tenant rows refer to platform users and are
mapped through the usernames too.
"""
from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db import connection, models, transaction
from django_tenants.utils import schema_context

from accounts.models import Membership, User
from tenancy.models import Domain, Level, Organisation

FORMAT = 1
ORG_MARK = "__organisation__"
USER_FIELDS = ("user_id", "reviewer_id", "actor_id")
SKIPPED_SHARED = {"tenancy", "accounts", "operations", "admin", "sessions", "authtoken",
                  "contenttypes", "auth", "django_tenants"}


class TransferError(ValueError):
    pass


def _is_user_field(name: str) -> bool:
    return name in USER_FIELDS or name.endswith("_user_id")


def _tenant_models() -> list[type[models.Model]]:
    labels = [apps.get_app_config(a.rsplit(".", 1)[-1]).label for a in settings.TENANT_APPS]
    found = [m for label in labels for m in apps.get_app_config(label).get_models()]
    return _models_in_dependency_order(found)


def _models_in_dependency_order(found: list[type[models.Model]]) -> list[type[models.Model]]:
    """`found` with every model after the models its foreign keys and many-to-many fields point at.

    Django's `sort_dependencies` orders only by models with natural keys, so a
    plain foreign key (a duty record's golden idea) could be written before
    its target. Cycles (none today) keep the apps' order for what is left.
    """
    members = set(found)
    needs = {
        model: {f.related_model for f in model._meta.get_fields()
                if (f.many_to_one or f.one_to_one or f.many_to_many) and f.concrete
                and f.related_model in members and f.related_model is not model}
        for model in found
    }
    ordered, placed = [], set()
    while len(ordered) < len(found):
        ready = [m for m in found if m not in placed and needs[m] <= placed]
        if not ready:  # a cycle: take the first that is left
            ready = [next(m for m in found if m not in placed)]
        for model in ready:
            ordered.append(model)
            placed.add(model)
    return ordered


def _shared_models_pointing_at_organisation() -> list[tuple[type[models.Model], list[str]]]:
    tenant_labels = {apps.get_app_config(a.rsplit(".", 1)[-1]).label for a in settings.TENANT_APPS}
    result = []
    for model in apps.get_models():
        label = model._meta.app_label
        if label in tenant_labels or label in SKIPPED_SHARED:
            continue
        fields = [f.name for f in model._meta.fields
                  if isinstance(f, models.ForeignKey) and f.related_model is Organisation]
        if fields:
            result.append((model, fields))
    return result


def _org_ref(org_id):
    if org_id is None:
        return None
    return {ORG_MARK: Organisation.objects.only("region_code").get(pk=org_id).region_code}


def _serialize(objects) -> list[dict]:
    rows = serializers.serialize("python", objects)
    for row in rows:
        model = apps.get_model(row["model"])
        for field in model._meta.fields:
            if isinstance(field, models.ForeignKey) and field.related_model is Organisation:
                row["fields"][field.name] = _org_ref(row["fields"].get(field.name))
    return rows


def _org_fields(organisation: Organisation) -> dict:
    return {
        "name": organisation.name, "short_name": organisation.short_name, "level": organisation.level,
        "region_code": organisation.region_code, "slug": organisation.schema_name,
        "population": organisation.population,
    }


def tenant_export(organisation: Organisation) -> bytes:
    """The archive of one committee (see the module docstring)."""
    ancestors = []
    parent = organisation.parent
    while parent is not None:
        ancestors.insert(0, _org_fields(parent))
        parent = parent.parent
    memberships = Membership.objects.filter(organisation=organisation).select_related("user")
    users = {m.user for m in memberships}
    user_names = {u.id: u.username for u in users}

    def map_users(rows):
        for row in rows:
            for name, value in list(row["fields"].items()):
                if _is_user_field(name) and value is not None:
                    row["fields"][name] = {"__user__": user_names.get(value) or _username(value)}
        return rows

    with schema_context(organisation.schema_name):
        schema_rows = []
        for model in _tenant_models():
            schema_rows += map_users(_serialize(model.objects.order_by("pk")))

    shared_rows, referenced = [], []
    for model, fields in _shared_models_pointing_at_organisation():
        query = models.Q()
        for name in fields:
            query |= models.Q(**{name: organisation})
        objects = list(model.objects.filter(query).order_by("pk"))
        shared_rows += map_users(_serialize(objects))
        for obj in objects:
            for field in model._meta.fields:
                if isinstance(field, models.ForeignKey) and field.related_model is not Organisation \
                        and field.related_model._meta.app_label not in SKIPPED_SHARED:
                    target = getattr(obj, field.name)
                    if target is not None:
                        referenced.append(target)
            for m2m in model._meta.many_to_many:
                referenced += list(getattr(obj, m2m.name).all())
    unique_refs = {(type(o), o.pk): o for o in referenced}
    data = {
        "format": FORMAT,
        "organisation": _org_fields(organisation),
        "ancestors": ancestors,
        "domains": list(Domain.objects.filter(tenant=organisation).values("domain", "is_primary")),
        "users": [{"username": u.username, "display_name": u.display_name, "email": u.email,
                   "password": u.password, "is_active": u.is_active} for u in sorted(users, key=lambda u: u.username)],
        "memberships": [{"username": m.user.username, "role": m.role} for m in memberships.order_by("user__username", "role")],
        "schema": schema_rows,
        "referenced": _serialize(_in_dependency_order(list(unique_refs.values()))),
        "shared": shared_rows,
    }
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        payload = json.dumps(data, ensure_ascii=False, default=str, sort_keys=True).encode()
        info = tarfile.TarInfo("data.json")
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))
        media = Path(settings.MEDIA_ROOT) / organisation.schema_name
        if media.is_dir():
            archive.add(media, arcname=f"media/{organisation.schema_name}")
    return buffer.getvalue()


def _username(user_id) -> str | None:
    return User.objects.filter(pk=user_id).values_list("username", flat=True).first()


def _resolve(rows: list[dict], user_ids: dict[str, int]) -> list[dict]:
    resolved = []
    for row in rows:
        fields = dict(row["fields"])
        for name, value in fields.items():
            if isinstance(value, dict) and ORG_MARK in value:
                fields[name] = Organisation.objects.get(region_code=value[ORG_MARK]).pk
            elif isinstance(value, dict) and "__user__" in value:
                # a person of the committee, or one the target platform already has (a provincial
                # officer who acted on the committee's rows without a role in it)
                username = value["__user__"]
                if username and username not in user_ids:
                    user_ids[username] = User.objects.filter(username=username).values_list("id", flat=True).first()
                fields[name] = user_ids.get(username)
        resolved.append({**row, "fields": fields})
    return resolved


def _save(rows: list[dict], *, skip_existing: bool = False) -> int:
    saved = 0
    for obj in serializers.deserialize("python", rows):
        model = type(obj.object)
        if skip_existing and model.objects.filter(pk=obj.object.pk).exists():
            continue
        obj.save()
        saved += 1
    return saved


def _reset_sequences(model_list) -> None:
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), model_list):
            cursor.execute(sql)


def _in_dependency_order(objects: list[models.Model]) -> list[models.Model]:
    order = _models_in_dependency_order(sorted({type(o) for o in objects}, key=lambda m: m._meta.label))
    rank = {model: i for i, model in enumerate(order)}
    return sorted(objects, key=lambda o: (rank[type(o)], str(o.pk)))


@transaction.atomic
def tenant_import(archive_bytes: bytes) -> Organisation:
    """Restore a committee from `tenant_export`'s archive into this platform (all or nothing)."""
    from tenancy.services import organisation_create

    try:
        with tarfile.open(fileobj=io.BytesIO(archive_bytes), mode="r:gz") as archive:
            data = json.loads(archive.extractfile("data.json").read())
            media_members = [m for m in archive.getmembers() if m.name.startswith("media/") and m.isfile()]
            media = {m.name: archive.extractfile(m).read() for m in media_members}
    except (tarfile.TarError, KeyError, json.JSONDecodeError, OSError) as error:
        raise TransferError(f"不是有效的租户导出文件：{error}") from error
    if data.get("format") != FORMAT:
        raise TransferError(f"导出文件格式 {data.get('format')} 不受支持（应为 {FORMAT}）。")
    target = data["organisation"]
    if Organisation.objects.filter(region_code=target["region_code"]).exists():
        raise TransferError(f"行政区划代码 {target['region_code']} 的组织已存在，不能重复导入。")

    parent = None
    for ancestor in data["ancestors"]:
        existing = Organisation.objects.filter(region_code=ancestor["region_code"]).first()
        parent = existing or organisation_create(parent=parent, **ancestor)
    organisation = organisation_create(parent=parent, **target)
    for domain in data["domains"]:
        if not Domain.objects.filter(domain=domain["domain"]).exists():
            Domain.objects.create(tenant=organisation, **domain)

    user_ids = {}
    for spec in data["users"]:
        user, created = User.objects.get_or_create(username=spec["username"], defaults={
            "display_name": spec["display_name"], "email": spec["email"], "is_active": spec["is_active"]})
        if created:
            user.password = spec["password"]
            user.save(update_fields=["password"])
        user_ids[user.username] = user.id
    for spec in data["memberships"]:
        Membership.objects.get_or_create(user_id=user_ids[spec["username"]], organisation=organisation, role=spec["role"])

    with schema_context(organisation.schema_name):
        _save(_resolve(data["schema"], user_ids))
        _reset_sequences(_tenant_models())
    _save(_resolve(data["referenced"], user_ids), skip_existing=True)
    _save(_resolve(data["shared"], user_ids), skip_existing=True)
    shared_models = {apps.get_model(r["model"]) for r in data["shared"] + data["referenced"]}
    if shared_models:
        _reset_sequences(list(shared_models))
    for name, content in media.items():
        path = Path(settings.MEDIA_ROOT) / name.removeprefix("media/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return organisation


@transaction.atomic
def tenant_delete(organisation: Organisation) -> None:
    """Remove a committee: its schema, its shared rows, memberships, domains and row."""
    if organisation.level == Level.PLATFORM or organisation.children.exists():
        raise TransferError("只能删除没有下级组织的政协组织。")
    for model, fields in reversed(_shared_models_pointing_at_organisation()):
        query = models.Q()
        for name in fields:
            query |= models.Q(**{name: organisation})
        model.objects.filter(query).delete()
    Membership.objects.filter(organisation=organisation).delete()
    Domain.objects.filter(tenant=organisation).delete()
    with connection.cursor() as cursor:
        # Deferred foreign-key checks of this transaction must run before their tables go.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"DROP SCHEMA {connection.ops.quote_name(organisation.schema_name)} CASCADE")
    Organisation.objects.filter(pk=organisation.pk).delete()
