import pytest
from django.db import connection


@pytest.fixture
def media(settings, tmp_path):
    """A private MEDIA_ROOT; returns a function listing every file stored under it."""
    settings.MEDIA_ROOT = tmp_path

    def stored() -> list[str]:
        return sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())

    return stored


@pytest.fixture
def in_committee():
    """in_committee(slug): make that committee's schema the active one (what a request on its host does)."""
    from tenancy.models import Organisation

    def enter(slug: str):
        connection.set_tenant(Organisation.objects.get(schema_name=slug))
        return connection.tenant

    yield enter
    connection.set_schema_to_public()


@pytest.fixture
def user():
    from accounts.models import User

    return lambda username: User.objects.get(username=username)
