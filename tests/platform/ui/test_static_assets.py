"""Light pages: ECharts only where a chart is drawn, a trimmed bundle, and production's
static files pre-compressed, cache-busted and cached for a year."""
import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static
from django.test import RequestFactory, override_settings

from ui.assets import BUILT_FILES, VENDOR_FILES

CHART_PAGES = ["/", "/programmes/showcase/", "/benchmark/", "/benchmark/trends/"]
PLAIN_PAGES = ["/structure/members/", "/materials/", "/account/"]


@pytest.mark.django_db
def test_only_the_pages_that_draw_charts_load_echarts(site):
    client = site("ziyang", "ziyang_admin")
    for path in CHART_PAGES:
        body = client.get(path).content.decode()
        assert "/static/vendor/echarts.custom.min.js" in body and "/static/ui/charts.js" in body, path
    for path in PLAIN_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert "/static/vendor/htmx.min.js" in body and "echarts" not in body and "charts.js" not in body, path


def test_the_chart_bundle_is_a_third_of_the_full_echarts():
    bundle = Path(settings.VENDOR_ASSETS_DIR) / "echarts.custom.min.js"
    full = Path(settings.REPO_ROOT) / "node_modules" / "echarts" / "dist" / "echarts.min.js"
    if not full.exists():
        pytest.skip("node_modules was removed after vendor_assets (as in the image)")
    text = bundle.read_bytes()
    assert b"getInstanceByDom" in text and b"saveAsImage" in text
    assert len(text) < 0.6 * full.stat().st_size
    assert len(gzip.compress(text)) < 200_000  # what a page with charts transfers for it


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic as the image runs it, with production's storage, into a folder of its own."""
    root = tmp_path_factory.mktemp("static_root")
    storages = {**settings.STORAGES,
                "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    with override_settings(STATIC_ROOT=root, STORAGES=storages, WHITENOISE_USE_FINDERS=False,
                           WHITENOISE_AUTOREFRESH=False, DEBUG=False):
        call_command("collectstatic", "--noinput", "--verbosity", "0")
        yield root


def test_production_names_every_static_file_by_its_content_and_keeps_a_gzip_copy(collected):
    hashed = static("vendor/echarts.custom.min.js")
    assert re.fullmatch(r"/static/vendor/echarts\.custom\.min\.[0-9a-f]{12}\.js", hashed), hashed
    for name in [*VENDOR_FILES, *BUILT_FILES]:
        copies = list((collected / "vendor").glob(name.split(".")[0] + ".*"))
        assert any(p.name.endswith(".gz") for p in copies), name
    assert (collected / hashed.removeprefix("/static/")).with_suffix(".js.gz").exists()


def test_whitenoise_serves_the_gzip_copy_with_a_cache_of_a_year(collected):
    from whitenoise.middleware import WhiteNoiseMiddleware

    middleware = WhiteNoiseMiddleware(lambda request: pytest.fail("not a static file"))
    hashed = static("vendor/echarts.custom.min.js")
    request = RequestFactory().get(hashed, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    response = middleware(request)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in response["Cache-Control"] and "immutable" in response["Cache-Control"]
    assert "Accept-Encoding" in response["Vary"]
    body = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(body) < 220_000
    assert b"getInstanceByDom" in gzip.decompress(body)
    # a browser that asks for no compression gets the file itself
    plain = middleware(RequestFactory().get(hashed))
    assert "Content-Encoding" not in plain and int(plain["Content-Length"]) > 500_000
