"""Who uploaded a material and who it is credited to: a credit to another committee waits for
that committee, which accepts or rejects it; only the uploader (and the credited committee
once it accepts) changes the material; search names whoever the credit currently shows."""
import re
import pytest
from django.core.exceptions import PermissionDenied

from search.selectors import search
from search.services import index_pending
from shared.materials import selectors, services
from shared.materials.models import Credit, Material
from tenancy.models import Organisation

pytestmark = pytest.mark.django_db

TITLE = "社区议事厅里的一场协商会"  # a title no demo material shares


def unmarked(html: str) -> str:
    """The page as read: the marks around data (translate="no" spans) left out."""
    return re.sub(r"</?span[^>]*>", "", html)


def _import_credited_to_chengdu(in_committee, user, *, title=TITLE) -> Material:
    """Ziyang imports a volume whose one speech is credited to Chengdu."""
    in_committee("ziyang")
    chengdu = Organisation.objects.get(schema_name="chengdu")
    compilation = services.compilation_import(
        actor=user("ziyang_staff"), title="交流汇编", visibility="province",
        rows=[services.ImportRow(title=title, organisation_id=chengdu.id, body="议事厅每月开一次协商会。")],
    )
    return compilation.entries.get().material


def _hit_organisation(title: str) -> str:
    index_pending()
    hits = [h for h in search(title, with_facets=False).hits if h.title_html.replace("<mark>", "").replace("</mark>", "") == title]
    assert len(hits) == 1
    return hits[0].organisation_name


def test_an_import_credited_to_another_committee_waits_for_it(in_committee, user):
    material = _import_credited_to_chengdu(in_committee, user)

    assert material.keeper.schema_name == "ziyang" and material.created_by == user("ziyang_staff")
    assert material.organisation.schema_name == "chengdu"
    assert material.credit == Credit.PENDING
    assert material.shown_organisation.schema_name == "ziyang"
    # search names the uploader until Chengdu accepts
    assert _hit_organisation(TITLE) == "政协资阳市委员会"
    in_committee("chengdu")
    assert [m.id for m in selectors.material_credits_pending()] == [material.id]


def test_a_speech_of_the_importer_itself_is_its_own(in_committee, user):
    ziyang = in_committee("ziyang")
    compilation = services.compilation_import(
        actor=user("ziyang_staff"), title="本会汇编", visibility="province",
        rows=[services.ImportRow(title="本会的一篇", organisation_id=ziyang.id, body="正文。")],
    )
    material = compilation.entries.get().material
    assert material.credit == Credit.OWN and material.shown_organisation == ziyang


def test_until_it_accepts_only_the_uploader_edits(in_committee, user):
    material = _import_credited_to_chengdu(in_committee, user)

    in_committee("chengdu")
    assert not selectors.material_editable(material)
    with pytest.raises(PermissionDenied):
        services.material_update(actor=user("chengdu_admin"), material=material, title="成都改的标题")
    with pytest.raises(PermissionDenied):
        services.material_delete(actor=user("chengdu_admin"), material=material)

    in_committee("ziyang")
    assert selectors.material_editable(material)
    services.material_update(actor=user("ziyang_staff"), material=material, title="资阳改的标题")
    material.refresh_from_db()
    assert material.title == "资阳改的标题"


def test_the_credited_committee_accepts_then_edits_and_search_names_it(in_committee, user):
    material = _import_credited_to_chengdu(in_committee, user)
    _hit_organisation(TITLE)

    in_committee("chengdu")
    with pytest.raises(PermissionDenied):  # unit staff do not speak for the committee
        services.material_credit_decide(actor=user("chengdu_staff"), material=material, accept=True)
    services.material_credit_decide(actor=user("chengdu_admin"), material=material, accept=True)

    material.refresh_from_db()
    assert material.credit == Credit.ACCEPTED and material.credit_decided_by == user("chengdu_admin")
    assert material.shown_organisation.schema_name == "chengdu"
    assert _hit_organisation(TITLE) == "政协成都市委员会"
    assert selectors.material_credits_pending().count() == 0
    assert selectors.material_editable(material)
    services.material_update(actor=user("chengdu_staff"), material=material, body="成都补充后的正文。")
    material.refresh_from_db()
    assert material.body == "成都补充后的正文。"
    with pytest.raises(PermissionDenied):  # the material stays the uploader's to delete
        services.material_delete(actor=user("chengdu_admin"), material=material)


def test_a_rejected_credit_falls_back_to_the_uploader(in_committee, user):
    material = _import_credited_to_chengdu(in_committee, user)

    in_committee("chengdu")
    services.material_credit_decide(actor=user("chengdu_admin"), material=material, accept=False)

    material.refresh_from_db()
    assert material.credit == Credit.REJECTED
    assert material.shown_organisation.schema_name == "ziyang"
    assert _hit_organisation(TITLE) == "政协资阳市委员会"
    assert not selectors.material_editable(material)
    with pytest.raises(PermissionDenied):
        services.material_update(actor=user("chengdu_admin"), material=material, title="成都改的标题")


def test_only_the_credited_committee_decides(in_committee, user):
    material = _import_credited_to_chengdu(in_committee, user)
    for slug, username in (("ziyang", "ziyang_admin"), ("jinhua", "jinhua_admin")):
        in_committee(slug)
        with pytest.raises(PermissionDenied):
            services.material_credit_decide(actor=user(username), material=material, accept=True)
    material.refresh_from_db()
    assert material.credit == Credit.PENDING


# --- pages ------------------------------------------------------------------------------


def test_the_pages_show_uploader_and_credit_and_the_credited_committee_decides(site, in_committee, user):
    material = _import_credited_to_chengdu(in_committee, user)

    page = site("ziyang", "ziyang_viewer").get(f"/materials/{material.id}/").content.decode()
    assert "由 政协资阳市委员会 上传" in unmarked(page)
    assert "署名：政协成都市委员会（待确认）" in unmarked(page)

    chengdu_admin = site("chengdu", "chengdu_admin")
    home = chengdu_admin.get("/materials/").content.decode()
    assert "以本会名义上传、待确认的材料" in home and TITLE in home
    detail = chengdu_admin.get(f"/materials/{material.id}/").content.decode()
    assert 'data-testid="credit-accept"' in detail and "/edit/" not in detail
    assert site("chengdu", "chengdu_staff").post(f"/materials/{material.id}/credit/", {"decision": "accept"}).status_code == 403

    response = chengdu_admin.post(f"/materials/{material.id}/credit/", {"decision": "accept"}, follow=True)
    page = response.content.decode()
    assert "署名：政协成都市委员会（已确认）" in unmarked(page) and "由 政协资阳市委员会 上传" in unmarked(page)
    assert f"/materials/{material.id}/edit/" in page
    assert "以本会名义上传、待确认的材料" not in chengdu_admin.get("/materials/").content.decode()


def test_a_rejected_credit_is_marked_on_the_page(site, in_committee, user):
    material = _import_credited_to_chengdu(in_committee, user)
    site("chengdu", "chengdu_admin").post(f"/materials/{material.id}/credit/", {"decision": "reject"})
    page = site("ziyang", "ziyang_viewer").get(f"/materials/{material.id}/").content.decode()
    assert "署名：政协成都市委员会（已拒绝）" in unmarked(page)
    assert 'data-testid="material-organisation">政协资阳市委员会<' in page


def test_the_compilation_prints_the_credit_until_it_is_rejected(site, in_committee, user):
    material = _import_credited_to_chengdu(in_committee, user)
    compilation = material.compilations.get()
    ziyang = site("ziyang", "ziyang_staff")
    assert f"政协成都市委员会：<a href=\"/materials/{material.id}/\">" in unmarked(ziyang.get(
        f"/materials/compilations/{compilation.id}/").content.decode())

    site("chengdu", "chengdu_admin").post(f"/materials/{material.id}/credit/", {"decision": "reject"})
    assert f"政协资阳市委员会：<a href=\"/materials/{material.id}/\">" in unmarked(ziyang.get(
        f"/materials/compilations/{compilation.id}/").content.decode())
