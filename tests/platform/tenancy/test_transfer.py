"""A committee exported, removed and imported again comes back whole."""
import json
import tarfile
import io

import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import schema_context, schema_exists

from accounts.models import Membership
from tenancy.models import Organisation
from tenancy.transfer import tenant_delete, tenant_export

pytestmark = pytest.mark.django_db


def data_of(archive: bytes) -> dict:
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        return json.loads(tar.extractfile("data.json").read())


def comparable(data: dict) -> dict:
    """What must survive the trip (ids of the public tables may differ)."""
    return {k: v for k, v in data.items()}


def test_round_trip_of_a_demo_committee_loses_nothing(tmp_path):
    ziyang = Organisation.objects.get(schema_name="ziyang")
    with schema_context("ziyang"):
        from tenants.structure.models import Member
        Member.objects.create(name="往返测试委员", sector_id=Member.objects.first().sector_id)
    path = tmp_path / "ziyang.tar.gz"
    call_command("tenant_export", "ziyang", str(path))
    before = data_of(path.read_bytes())
    assert before["schema"] and before["memberships"]

    # Nothing may depend on it: move its counties to another city first.
    Organisation.objects.filter(parent=ziyang).update(parent=Organisation.objects.get(schema_name="chengdu"))
    tenant_delete(ziyang)
    assert not schema_exists("ziyang") and not Organisation.objects.filter(region_code="512000").exists()

    call_command("tenant_import", str(path))
    restored = Organisation.objects.get(region_code="512000")
    assert restored.parent.schema_name == "sichuan" and restored.schema_name == "ziyang"
    after = data_of(tenant_export(restored))
    assert after == before
    with schema_context("ziyang"):
        from tenants.structure.models import Member
        assert Member.objects.filter(name="往返测试委员").exists()
        Member.objects.create(name="导入后新增委员", sector_id=Member.objects.first().sector_id)  # sequences reset
    assert Membership.objects.filter(organisation=restored, user__username="ziyang_admin").exists()


def test_import_refuses_a_committee_that_exists_and_a_broken_file(tmp_path):
    path = tmp_path / "jinhua.tar.gz"
    call_command("tenant_export", "jinhua", str(path))
    with pytest.raises(CommandError, match="已存在"):
        call_command("tenant_import", str(path))
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="不是有效的租户导出文件"):
        call_command("tenant_import", str(broken))
