"""The search tests need no Django: they run with ``-p no:django``.

The root conftest has autouse fixtures that need pytest-django (``settings``) and a
database connection; override them with no-ops for this package so these tests run
the same with and without the Django plugin.
"""
import pytest


@pytest.fixture(autouse=True)
def _fast_passwords():
    yield


@pytest.fixture(autouse=True)
def _public_schema_after_each_test():
    yield
