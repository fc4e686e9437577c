"""Writing materials: who may, what an upload stores, and that a refused upload leaves nothing behind."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from documents.extraction import DocumentError
from search.models import OutboxEntry
from shared.materials import selectors, services
from shared.materials.models import Material, Theme
from tests.shared.materials.files import BAD_FILES, EXPECTED_CODES, docx_bytes

pytestmark = pytest.mark.django_db

BODY = ["我们在村里设立了协商议事室，每月由委员主持一次议事。", "去年共协商解决停车、饮水等问题十七个。"]


def test_upload_docx_stores_file_and_text_together(media, in_committee, user):
    ziyang = in_committee("ziyang")
    listed = Theme.objects.get(province_id=ziyang.province_id, name="有事来协商")
    data = docx_bytes(BODY)

    material = services.material_create(
        actor=user("ziyang_staff"), title="议事室里的协商", file_name="议事室.docx", file_data=data,
        theme_ids=[listed.id], free_tags=["小微协商"], author="资阳市政协办公室",
    )

    material.refresh_from_db()
    assert material.body == "\n".join(BODY)
    assert material.organisation == ziyang and material.keeper == ziyang
    assert material.visibility == "draft"
    assert material.file_name == "议事室.docx"
    assert material.file.name.startswith("materials/ziyang/") and material.file.name.endswith(".docx")
    assert media() == ["shared/" + material.file.name]
    assert material.file.open("rb").read() == data
    assert sorted(t.name for t in material.themes.all()) == ["小微协商", "有事来协商"]
    assert Theme.objects.get(province_id=ziyang.province_id, name="小微协商").is_listed is False
    assert OutboxEntry.objects.filter(kind="material", object_id=material.id).exists()


def test_confirmed_text_replaces_the_extracted_text(media, in_committee, user):
    in_committee("ziyang")
    material = services.material_create(
        actor=user("ziyang_admin"), title="标题", body="核对后改过的正文。",
        file_name="a.txt", file_data="原始正文。".encode("gb18030"),
    )
    assert material.body == "核对后改过的正文。"


def test_preview_extracts_gb18030_and_utf16_text_and_saves_nothing(media, in_committee):
    in_committee("ziyang")
    before = Material.objects.count()
    for encoding, name in (("gb18030", "gb18030"), ("utf-16", "utf-16"), ("utf-8", "utf-8")):
        extracted = services.material_extract(filename="发言.txt", data="有事来协商\n双助".encode(encoding))
        assert extracted.paragraphs == ["有事来协商", "双助"]
        assert extracted.encoding == name
    assert Material.objects.count() == before
    assert media() == []


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_uploads_get_a_message_and_leave_nothing(media, in_committee, user, kind):
    in_committee("ziyang")
    name, make = BAD_FILES[kind]
    before = Material.objects.count()
    with pytest.raises(DocumentError) as error:
        services.material_create(actor=user("ziyang_staff"), title="坏文件", file_name=name, file_data=make())
    assert error.value.code == EXPECTED_CODES[kind]
    assert error.value.message.endswith("。")
    assert Material.objects.count() == before
    assert media() == []


def test_a_failing_save_removes_the_file_it_wrote(media, in_committee, user):
    in_committee("ziyang")
    with pytest.raises(ValidationError):
        services.material_create(
            actor=user("ziyang_staff"), title="主题不对", file_name="a.txt", file_data="正文".encode(),
            theme_ids=[999_999],
        )
    assert media() == []
    assert not Material.objects.filter(title="主题不对").exists()


@pytest.mark.parametrize("username", ["ziyang_viewer", "ziyang_member", "sichuan_officer", "jinhua_admin"])
def test_only_the_committees_editors_may_write(media, in_committee, user, username):
    in_committee("ziyang")
    with pytest.raises(PermissionDenied):
        services.material_create(actor=user(username), title="无权", body="正文。")
    assert media() == []


def test_share_update_and_delete_need_the_holding_committee(media, in_committee, user, django_capture_on_commit_callbacks):
    in_committee("ziyang")
    material = services.material_create(
        actor=user("ziyang_staff"), title="原题", file_name="a.txt", file_data="正文。".encode()
    )
    services.material_share(actor=user("ziyang_staff"), material=material, visibility="province")
    services.material_update(actor=user("ziyang_admin"), material=material, title="新题")
    material.refresh_from_db()
    assert (material.title, material.visibility) == ("新题", "province")

    in_committee("chengdu")
    with pytest.raises(PermissionDenied):
        services.material_delete(actor=user("chengdu_admin"), material=material)

    in_committee("ziyang")
    stored = media()
    assert len(stored) == 1
    material_id = material.id
    with django_capture_on_commit_callbacks(execute=True):
        services.material_delete(actor=user("ziyang_admin"), material=material)
    assert not Material.objects.filter(id=material_id).exists()
    assert media() == []


def test_visibility_reaches_exactly_who_it_names(media, in_committee, user):
    in_committee("ziyang")
    staff = user("ziyang_staff")
    draft = services.material_create(actor=staff, title="资阳草稿", body="草稿。")
    province = services.material_create(actor=staff, title="资阳省内", body="省内。", visibility="province")
    platform = services.material_create(actor=staff, title="资阳全平台", body="全平台。", visibility="platform")
    mine = {draft.id, province.id, platform.id}

    def seen(slug):
        in_committee(slug)
        return set(selectors.material_list().filter(id__in=mine).values_list("id", flat=True))

    assert seen("ziyang") == mine
    assert seen("chengdu") == {province.id, platform.id}
    assert seen("sichuan") == {province.id, platform.id}
    assert seen("jinhua") == {platform.id}
    assert seen("yiwu") == {platform.id}


def test_material_documents_follow_the_contract(in_committee, user):
    in_committee("ziyang")
    material = services.material_create(
        actor=user("ziyang_staff"), title="文档", body="正文。", author="署名", visibility="province",
        free_tags=["标签甲"],
    )
    [document] = selectors.material_documents([material.id, 999_999])
    assert document.id == material.id
    assert (document.title, document.body, document.author) == ("文档", "正文。", "署名")
    assert document.organisation_name == "政协资阳市委员会"
    assert (document.level, document.visibility, document.occasion) == ("city", "province", "")
    assert document.themes == ("标签甲",)
    assert document.year == material.created_at.year
    assert material.id in set(selectors.material_ids_all())
