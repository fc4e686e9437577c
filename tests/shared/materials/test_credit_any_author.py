"""A material is credited to any committee of the platform (another province's included),
or to an organisation outside it; the uploader stays recorded, a credit to another
committee waits for that committee's answer, and search names what the credit shows."""
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from search.selectors import search
from search.services import index_pending
from shared.materials import selectors, services
from shared.materials.credit import committee_match
from shared.materials.models import Credit, Material
from tenancy.models import Organisation

pytestmark = pytest.mark.django_db

BODY = "乡贤议事会每季度开一次，群众的事群众商量着办。"


def _hit(title: str):
    index_pending()
    hits = [h for h in search(f'"{title}"', with_facets=False).hits
            if h.title_html.replace("<mark>", "").replace("</mark>", "") == title]
    assert len(hits) == 1, hits
    return hits[0]


def test_a_committee_of_another_province_is_matched_by_its_name(in_committee):
    in_committee("ziyang")
    jinhua = Organisation.objects.get(schema_name="jinhua")
    assert committee_match("政协金华市委员会") == jinhua
    assert committee_match("金华市政协") == jinhua
    assert committee_match("某某大学社会学院") is None


def test_an_upload_credited_to_another_province_waits_for_that_committee(in_committee, user):
    in_committee("ziyang")
    jinhua = Organisation.objects.get(schema_name="jinhua")
    material = services.material_create(
        actor=user("ziyang_staff"), title="跨省交流的一篇发言", body=BODY, visibility="platform",
        credited_id=jinhua.id)

    assert material.keeper.schema_name == "ziyang" and material.organisation == jinhua
    assert material.credit == Credit.PENDING
    assert _hit("跨省交流的一篇发言").organisation_name == "政协资阳市委员会"  # the uploader until it accepts

    in_committee("jinhua")
    assert material.id in [m.id for m in selectors.material_credits_pending()]
    services.material_credit_decide(actor=user("jinhua_admin"), material=material, accept=True)
    assert _hit("跨省交流的一篇发言").organisation_name == "政协金华市委员会"


def test_a_credit_to_another_province_must_be_shared_with_the_platform(in_committee, user):
    in_committee("ziyang")
    jinhua = Organisation.objects.get(schema_name="jinhua")
    with pytest.raises(ValidationError) as raised:
        services.material_create(actor=user("ziyang_staff"), title="只在省内", body=BODY,
                                 visibility="province", credited_id=jinhua.id)
    assert "visibility" in raised.value.message_dict


def test_an_outside_organisation_is_shown_and_searched_by_its_name(in_committee, user):
    ziyang = in_committee("ziyang")
    material = services.material_create(
        actor=user("ziyang_staff"), title="高校学者的一篇交流发言", body=BODY, visibility="province",
        outside_organisation="  西南财经大学  公共管理学院 ", outside_region="四川省成都市")

    assert material.keeper == ziyang and material.organisation == ziyang and material.credit == Credit.OWN
    assert material.outside_organisation == "西南财经大学 公共管理学院"
    assert material.shown_organisation_name == "西南财经大学 公共管理学院"
    hit = _hit("高校学者的一篇交流发言")
    assert hit.organisation_name == "西南财经大学 公共管理学院"


def test_outside_and_another_committee_at_once_are_refused(in_committee, user):
    in_committee("ziyang")
    chengdu = Organisation.objects.get(schema_name="chengdu")
    with pytest.raises(ValidationError):
        services.material_create(actor=user("ziyang_staff"), title="两个署名", body=BODY, visibility="province",
                                 credited_id=chengdu.id, outside_organisation="某研究会")
    with pytest.raises(ValidationError):
        services.material_create(actor=user("ziyang_staff"), title="只有地区", body=BODY, visibility="province",
                                 outside_region="浙江省")


def test_the_uploader_changes_the_credit_and_a_new_committee_must_answer_again(in_committee, user):
    in_committee("ziyang")
    chengdu = Organisation.objects.get(schema_name="chengdu")
    leshan = Organisation.objects.get(schema_name="leshan")
    material = services.material_create(actor=user("ziyang_staff"), title="改署名", body=BODY,
                                        visibility="province", credited_id=chengdu.id)
    in_committee("chengdu")
    services.material_credit_decide(actor=user("chengdu_admin"), material=material, accept=True)
    # the credited committee that accepted may edit the text, not whom it is credited to
    with pytest.raises(PermissionDenied):
        services.material_update(actor=user("chengdu_admin"), material=material, credited_id=leshan.id)

    in_committee("ziyang")
    services.material_update(actor=user("ziyang_staff"), material=material, credited_id=leshan.id)
    material.refresh_from_db()
    assert material.organisation == leshan and material.credit == Credit.PENDING
    assert material.credit_decided_by is None

    services.material_update(actor=user("ziyang_staff"), material=material, credited_id=None,
                             outside_organisation="乐山师范学院")
    material.refresh_from_db()
    assert material.organisation.schema_name == "ziyang" and material.credit == Credit.OWN
    assert material.shown_organisation_name == "乐山师范学院"


def _text(page) -> str:
    """What a reader sees of a page (its tags removed)."""
    html = page if isinstance(page, str) else page.content.decode()
    return re.sub(r"<[^>]+>", "", html)


def test_the_upload_and_edit_pages_credit_another_province_or_an_outside_author(site, media):
    client = site("ziyang", "ziyang_staff")
    jinhua = Organisation.objects.get(schema_name="jinhua")
    form = client.get("/materials/upload/").content.decode()
    assert re.search(rf'<option value="{jinhua.id}"[^>]*>政协金华市委员会</option>', form)

    response = client.post("/materials/upload/", {
        "action": "confirm", "title": "页面上署名外省", "visibility": "platform", "body": BODY,
        "credited": str(jinhua.id)}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.get("HX-Redirect")
    material = Material.objects.get(title="页面上署名外省")
    assert material.organisation == jinhua and material.credit == Credit.PENDING
    page = _text(client.get(f"/materials/{material.id}/"))
    assert "署名：政协金华市委员会（待确认）" in page and "由 政协资阳市委员会 上传" in page

    response = client.post(f"/materials/{material.id}/edit/", {
        "title": material.title, "body": BODY, "visibility": "platform", "credited": "",
        "outside_organisation": "浙江师范大学", "outside_region": "浙江省金华市"})
    assert response.status_code == 302
    page = client.get(f"/materials/{material.id}/").content.decode()
    assert 'data-testid="material-organisation">浙江师范大学<' in page and "浙江省金华市" in _text(page)

    both = client.post(f"/materials/{material.id}/edit/", {
        "title": material.title, "body": BODY, "visibility": "platform", "credited": str(jinhua.id),
        "outside_organisation": "浙江师范大学"})
    assert both.status_code == 400 and "不能再填写平台外单位" in both.content.decode()


def test_a_credited_committee_that_accepted_edits_the_text_but_not_the_credit(site, in_committee, user):
    in_committee("ziyang")
    chengdu = Organisation.objects.get(schema_name="chengdu")
    material = services.material_create(actor=user("ziyang_staff"), title="成都确认后编辑", body=BODY,
                                        visibility="province", credited_id=chengdu.id)
    in_committee("chengdu")
    services.material_credit_decide(actor=user("chengdu_admin"), material=material, accept=True)

    client = site("chengdu", "chengdu_admin")
    form = client.get(f"/materials/{material.id}/edit/").content.decode()
    assert 'name="title"' in form and 'name="credited"' not in form
    response = client.post(f"/materials/{material.id}/edit/", {
        "title": "成都改过的标题", "body": BODY, "visibility": "province", "credited": ""})
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.title == "成都改过的标题" and material.organisation == chengdu


def test_the_api_credits_an_outside_author_with_a_date_and_names_the_uploader(site):
    client = site("ziyang", "ziyang_staff")
    response = client.post("/api/materials/", {
        "title": "接口上传的外部材料", "body": BODY, "visibility": "province",
        "outside_organisation": "四川大学", "outside_region": "四川省成都市", "document_date": "2021-10-08"},
        content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["outside_organisation"] == "四川大学" and data["document_date"] == "2021-10-08"
    assert data["keeper"] == "政协资阳市委员会" and data["credit"] == "own"

    jinhua = Organisation.objects.get(schema_name="jinhua")
    changed = client.patch(f"/api/materials/{data['id']}/", {
        "credited_id": jinhua.id, "outside_organisation": "", "outside_region": "", "visibility": "platform"},
        content_type="application/json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["organisation_id"] == jinhua.id and changed.json()["credit"] == "pending"

    refused = client.patch(f"/api/materials/{data['id']}/", {"credited_id": 999999}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "invalid"


def test_the_demo_shows_a_credit_to_another_province_and_an_outside_author():
    from shared.materials.demo import CREDITED

    titles = [row[4] for row in CREDITED]
    materials = {m.title: m for m in Material.objects.filter(title__in=titles).select_related("organisation")}
    assert len(materials) == 2
    to_jinhua, outside = materials[titles[0]], materials[titles[1]]
    assert to_jinhua.organisation.schema_name == "jinhua" and to_jinhua.credit == Credit.PENDING
    assert to_jinhua.keeper.schema_name == "ziyang"
    assert outside.shown_organisation_name == "西部协商民主研究中心" and outside.document_date.year == 2023
    presented = Material.objects.filter(occasion__isnull=False, keeper=to_jinhua.keeper).first()
    assert presented is None or presented.document_date == presented.occasion.held_on
