"""The navigation carries the number of the person's to-dos beside 工作台, on every page."""
import re

import pytest

from tests.tenants.workspace.test_workspace import work  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_every_page_loads_the_to_do_count_that_the_workspace_shows(site, work):  # noqa: F811
    client = site("ziyang", "ziyang_staff")
    page = client.get("/structure/units/").content.decode()
    assert 'hx-get="/todo/count/"' in page  # beside 工作台, loaded after the page
    workspace = client.get("/").content.decode()
    total = int(re.search(r'data-testid="todo-count">(\d+)<', workspace).group(1))
    assert total > 0
    badge = client.get("/todo/count/", HTTP_HX_REQUEST="true").content.decode()
    assert re.search(r'data-testid="nav-todo-count"[^>]*>(\d+)<', badge).group(1) == str(total)


def test_whoever_cannot_read_the_committee_gets_no_count(site, db):
    assert "nav-todo-count" not in site("ziyang").get("/todo/count/").content.decode()
    handler = site("ziyang", "ziyang_handler")
    assert handler.get("/todo/count/").status_code == 403
    assert 'hx-get="/todo/count/"' not in handler.get("/proposals/handling/").content.decode()


def test_the_workspace_shows_its_own_count_in_the_navigation_without_asking_again(site, work):  # noqa: F811
    workspace = site("ziyang", "ziyang_staff").get("/").content.decode()
    total = re.search(r'data-testid="todo-count">(\d+)<', workspace).group(1)
    assert re.search(r'data-testid="nav-todo-count"[^>]*>(\d+)<', workspace).group(1) == total
    assert 'hx-get="/todo/count/"' not in workspace
