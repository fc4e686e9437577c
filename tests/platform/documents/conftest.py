import pytest

from tests.platform.documents import bombs


@pytest.fixture(scope="session")
def xml_bomb() -> bytes:
    """190 MB of paragraph XML in a 4-5 MB .docx: under the old 200 MB total and the ratio of 100,
    like the report of issue 12 that drove the web process to 16 GB."""
    return bombs.docx_with_document_xml(bombs.paragraphs_xml(190 * bombs.MB))
