"""In headless Chromium, across several *.localhost hosts of one live server: one sign-in for the network.

The provincial officer of Sichuan signs in once on 资阳's site and is then signed in on 成都's
site and on the console without typing the password again; 金华 (Zhejiang) shows the forbidden
page; signing out on 成都 signs out on every site. Each host keeps its own cookies (the browser
sends none of one *.localhost host to another), so only the tickets carry the sign-in.
"""
import pytest

from demo.services import DEMO_PASSWORD


@pytest.fixture
def officer_sessions_cleaned(django_db_blocker):
    yield
    from accounts.models import User
    from accounts.signin.models import Session, SignInTicket

    with django_db_blocker.unblock():
        officer = User.objects.get(username="sichuan_officer")
        Session.objects.filter(user_id=officer.pk).delete()
        SignInTicket.objects.filter(user=officer).delete()


def test_one_sign_in_reaches_every_site_with_a_role_and_one_sign_out_ends_all(
        browser_page, live_site, officer_sessions_cleaned):
    page = browser_page
    ziyang, chengdu, jinhua, console = live_site("ziyang"), live_site("chengdu"), live_site("jinhua"), live_site()

    # a page of 资阳 sends the visitor to the network's sign-in page, which says where it returns
    page.goto(ziyang + "/programmes/")
    assert page.url.startswith(console + "/login/")
    assert "政协资阳市委员会" in page.get_by_test_id("sso-site").inner_text()
    page.fill("input[name=username]", "sichuan_officer")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(ziyang + "/programmes/")
    assert page.locator("nav strong").inner_text() == "政协资阳市委员会"

    # 成都: signed in at once, no password asked
    page.goto(chengdu + "/")
    page.wait_for_url(chengdu + "/")
    assert page.locator("nav strong").inner_text() == "政协成都市委员会"
    assert page.get_by_test_id("whoami").inner_text() == "四川省政协工作人员"

    # the console too
    page.goto(console + "/console/")
    page.wait_for_url(console + "/console/")
    assert page.get_by_test_id("whoami").is_visible()

    # 金华 is not in the officer's province: the forbidden page, and not signed in there
    page.goto(jinhua + "/")
    assert page.url.startswith(jinhua + "/sso/accept/")
    assert page.locator("h1").inner_text() == "无权访问"
    assert page.get_by_test_id("whoami").count() == 0

    # the account page, from the name in the header, lists the officer's sites
    page.goto(chengdu + "/")
    page.get_by_test_id("whoami").click()
    page.wait_for_url(chengdu + "/account/")
    assert "政协四川省委员会" in page.get_by_test_id("account-sites").inner_text()

    # signing out on 成都 signs out on 资阳 and on the console
    page.click("header form button[type=submit]")
    page.wait_for_url(chengdu + "/login/")
    for site, path in ((ziyang, "/programmes/"), (console, "/console/")):
        page.goto(site + path)
        page.wait_for_load_state()
        assert "/login/" in page.url, site
        assert page.locator("input[name=password]").is_visible()
        assert page.get_by_test_id("whoami").count() == 0


def test_a_phone_sized_account_and_reset_pages_fit(browser_page, live_site):
    page = browser_page
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_site("ziyang") + "/login/")
    page.get_by_test_id("forgot-password").click()
    page.wait_for_url("**/password-reset/")
    page.fill("input[name=email]", "nobody@example.org")
    page.click("main button[type=submit]")
    page.wait_for_url("**/password-reset/sent/")
    assert page.get_by_test_id("reset-sent").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
