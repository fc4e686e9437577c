"""deploy/nginx/*.conf: accepted by nginx itself (`nginx -t`), when nginx is installed here.

The nginx image renders cppcc.conf as a template (${CPPCC_BASE_DOMAIN}); the test does
the same substitution, points the upstream and the certificate at local stand-ins and
asks nginx to check the configuration. Skipped where nginx or openssl is missing.
"""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.deploy.common import DEPLOY

NGINX = shutil.which("nginx") or (shutil.which("nginx", path="/usr/sbin:/usr/local/sbin"))
OPENSSL = shutil.which("openssl")
BASE = "cppcc.example.gov.cn"

pytestmark = pytest.mark.skipif(not (NGINX and OPENSSL), reason="nginx and openssl are not installed here")


def nginx_version() -> tuple[int, ...]:
    out = subprocess.run([NGINX, "-v"], capture_output=True, text=True).stderr
    return tuple(int(x) for x in re.search(r"nginx/(\d+)\.(\d+)\.(\d+)", out).groups())


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(folder / "tls.key"), "-out", str(folder / "tls.crt"),
         "-subj", f"/CN={BASE}", "-addext", f"subjectAltName=DNS:{BASE},DNS:*.{BASE}"],
        check=True, capture_output=True,
    )
    return folder


def render(template: str, tmp_path, certificate) -> str:
    """What the nginx image's entrypoint does (envsubst of the defined variable), plus
    local stand-ins for the upstream host, the certificate and the included file."""
    text = template.replace("${CPPCC_BASE_DOMAIN}", BASE)
    text = text.replace("server web:8000;", "server 127.0.0.1:8000;")
    text = text.replace("/etc/nginx/tls/", f"{certificate}/")
    (tmp_path / "proxy.conf").write_text((DEPLOY / "nginx/proxy.conf").read_text(encoding="utf-8"))
    text = text.replace("/etc/nginx/cppcc/proxy.conf", str(tmp_path / "proxy.conf"))
    if nginx_version() < (1, 25, 1):  # the image's nginx (1.27) has `http2 on;`
        text = text.replace("    http2 on;\n", "")
    return text


def nginx_check(conf_text: str, tmp_path) -> subprocess.CompletedProcess:
    (tmp_path / "cppcc.conf").write_text(conf_text, encoding="utf-8")
    (tmp_path / "logs").mkdir(exist_ok=True)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\n"
        "events {}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path}/body;\n"
        f"  proxy_temp_path {tmp_path}/proxy;\n  include {tmp_path}/cppcc.conf;\n}}\n",
        encoding="utf-8",
    )
    return subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                          capture_output=True, text=True, timeout=60)


def test_nginx_accepts_the_configuration(tmp_path, certificate):
    text = render((DEPLOY / "nginx/cppcc.conf").read_text(encoding="utf-8"), tmp_path, certificate)
    assert "${" not in text
    result = nginx_check(text, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_nginx_refuses_a_broken_configuration(tmp_path, certificate):
    text = render((DEPLOY / "nginx/cppcc.conf").read_text(encoding="utf-8"), tmp_path, certificate)
    broken = text.replace("return 444;", "return 444", 1)
    result = nginx_check(broken, tmp_path)
    assert result.returncode != 0
    assert "emerg" in result.stderr


def test_wildcard_host_names_go_to_django_and_others_are_refused():
    text = (DEPLOY / "nginx/cppcc.conf").read_text(encoding="utf-8")
    names = re.findall(r"server_name ([^;]+);", text)
    # catch-all refusals, then the redirect and the TLS server for the base domain and its sub-domains
    assert names == ["_", "_", "${CPPCC_BASE_DOMAIN} .${CPPCC_BASE_DOMAIN}", "${CPPCC_BASE_DOMAIN} .${CPPCC_BASE_DOMAIN}"]
    assert "ssl_reject_handshake on;" in text and "return 444;" in text
    assert "return 301 https://$host$request_uri;" in text
    proxy = (DEPLOY / "nginx/proxy.conf").read_text(encoding="utf-8")
    assert "proxy_set_header Host $host;" in proxy  # the host name names the committee
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in proxy  # SECURE_PROXY_SSL_HEADER
