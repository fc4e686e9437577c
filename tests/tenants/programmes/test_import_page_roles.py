"""The work-points import as each role meets it: only administrators get the form and the link."""
import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["ziyang_member", "ziyang_viewer", "ziyang_staff"])
def test_people_who_may_not_import_get_no_form_and_no_link(site, username):
    client = site("ziyang", username)
    page = client.get("/programmes/import/").content.decode()
    assert 'type="file"' not in page and 'data-testid="import-not-allowed"' in page
    assert 'href="/programmes/import/"' not in client.get("/programmes/").content.decode()


def test_an_administrator_gets_the_form_and_the_link(site):
    client = site("ziyang", "ziyang_admin")
    page = client.get("/programmes/import/").content.decode()
    assert 'type="file"' in page and "import-not-allowed" not in page
    assert 'href="/programmes/import/"' in client.get("/programmes/").content.decode()


def test_the_message_reads_in_english(site):
    client = site("ziyang", "ziyang_member")
    page = client.get("/programmes/import/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "imported by the committee's administrators" in page or "imported by the committee&#x27;s administrators" in page
