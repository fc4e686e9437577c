"""deploy/docker-compose.yml: valid against the Compose specification, and complete."""
from __future__ import annotations

import subprocess
import sys

import yaml

from tests.deploy.common import COMPOSE_FILE, readme_table, interpolated_variables

SERVICES = {"web", "worker", "beat", "postgres", "redis", "elasticsearch", "nginx"}


def check_compose_schema(path) -> subprocess.CompletedProcess:
    """check-jsonschema with the Compose specification's schema it vendors."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True, text=True, timeout=120,
    )


def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def test_the_compose_file_validates_against_the_compose_specification():
    result = check_compose_schema(COMPOSE_FILE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_a_broken_compose_file_is_refused(tmp_path):
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(text.replace("    expose:\n", "    exposes:\n", 1), encoding="utf-8")
    result = check_compose_schema(broken)
    assert result.returncode == 1
    assert "exposes" in result.stdout

    wrong_type = tmp_path / "wrong-type.yml"
    wrong_type.write_text(text.replace('      - "${HTTPS_PORT:-443}:443"\n', "", 1)
                          .replace('    ports:\n      - "${HTTP_PORT:-80}:80"\n', "    ports: 80\n", 1),
                          encoding="utf-8")
    assert "ports: 80\n" in wrong_type.read_text(encoding="utf-8")
    assert check_compose_schema(wrong_type).returncode == 1


def test_one_server_runs_every_part():
    services = compose()["services"]
    assert set(services) == SERVICES
    # web, worker and beat are the same image, built from the repository's Dockerfile
    images = {name: services[name]["image"] for name in ("web", "worker", "beat")}
    assert set(images.values()) == {"${CPPCC_IMAGE:-cppcc-network:latest}"}
    for name in ("web", "worker", "beat"):
        assert services[name]["build"]["context"] == ".."
        assert services[name]["build"]["target"] == "app"
        assert services[name]["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert services[name]["environment"]["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
        assert services[name]["environment"]["DATABASE_URL"].endswith("@postgres:5432/${POSTGRES_DB:-cppcc}")
        assert "media:/var/lib/cppcc/media" in services[name]["volumes"]
        assert services[name]["env_file"] == ".env"
    assert "command" not in services["web"]  # the image's CMD: gunicorn config.wsgi:application
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    # only nginx is reachable from outside, on 80 and 443, with the TLS folder mounted
    published = {name for name, service in services.items() if "ports" in service}
    assert published == {"nginx"}
    assert services["nginx"]["ports"] == ["${HTTP_PORT:-80}:80", "${HTTPS_PORT:-443}:443"]
    assert "./tls:/etc/nginx/tls:ro" in services["nginx"]["volumes"]
    assert services["nginx"]["build"]["target"] == "nginx"
    assert services["elasticsearch"]["build"]["context"] == "./elasticsearch"
    # every named volume used is declared
    declared = set(compose()["volumes"])
    used = {v.split(":")[0] for s in services.values() for v in s.get("volumes", []) if not v.startswith(".")}
    assert used == declared


def test_every_compose_variable_is_documented():
    table = readme_table()
    used = interpolated_variables(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert used, "the compose file interpolates no variable: the check would be empty"
    assert sorted(used - set(table)) == []
