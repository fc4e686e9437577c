"""The network view (全省驾驶舱) shows a province's committees to that province's officers only.

Every route of the view is also asked by every kind of user in test_tenant_isolation
(it walks the URLconf); this adds the province boundary: the figures of one
province's committees never reach another province's officer, on the page or in
the workbook.
"""
import io
import re

import pytest

pytestmark = pytest.mark.django_db


def committees(response) -> list[str]:
    return re.findall(r'data-testid="committee">(?:<span translate="no">)?([^<]+)<', response.content.decode())


def test_each_officer_sees_only_their_provinces_committees(site):
    from openpyxl import load_workbook

    zhejiang = site("zhejiang", "zhejiang_officer")
    page = zhejiang.get("/network/")
    assert page.status_code == 200 and committees(page) == ["金华", "义乌"]
    assert "资阳" not in page.content.decode()
    sheet = load_workbook(io.BytesIO(zhejiang.get("/network/network.xlsx").content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)] == ["政协金华市委员会", "政协义乌市委员会"]

    sichuan = site("ziyang", "sichuan_officer").get("/network/")  # from a city of the province too
    assert len(committees(sichuan)) == 18 and "金华" not in committees(sichuan)


@pytest.mark.parametrize("host,username", [("zhejiang", "sichuan_officer"), ("sichuan", "zhejiang_officer"),
                                           ("sichuan", "jinhua_admin"), ("sichuan", "operator")])
def test_another_provinces_people_are_refused(site, host, username):
    assert site(host, username).get("/network/").status_code == 403
    assert site(host, username).get("/network/network.xlsx").status_code == 403


@pytest.mark.parametrize("username", ["ziyang_admin", "ziyang_staff", "ziyang_viewer"])
def test_a_committees_own_people_do_not_get_the_province_figures(site, username):
    response = site("ziyang", username).get("/network/network.xlsx")
    assert response.status_code == 302 and not response.content
