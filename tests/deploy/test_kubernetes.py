"""deploy/k8s/: every manifest valid against the Kubernetes schemas, and complete."""
from __future__ import annotations

import kubernetes_validate.utils as kv
import pytest
import yaml

from tests.deploy.common import K8S, k8s_manifests, k8s_resources, load_yaml_documents, readme_table

KUBERNETES_VERSION = "1.35.0"  # bundled by kubernetes-validate


def validation_errors(resource: dict) -> list[str]:
    try:
        kv.validate(resource, KUBERNETES_VERSION, strict=True)
    except kv.ValidationError as error:
        return [f"{'.'.join(str(p) for p in error.path)}: {error.message}"]
    except kv.SchemaNotFoundError as error:
        return [error.message]
    return []


def by_kind(kind: str) -> dict[str, dict]:
    return {doc["metadata"]["name"]: doc for _, doc in k8s_resources() if doc["kind"] == kind}


def test_the_validator_has_the_kubernetes_version():
    assert KUBERNETES_VERSION in kv.all_versions()


@pytest.mark.parametrize("path", k8s_manifests(), ids=lambda p: p.name)
def test_every_manifest_validates_against_the_kubernetes_schemas(path):
    documents = load_yaml_documents(path)
    assert documents
    for doc in documents:
        assert validation_errors(doc) == [], f"{path.name}: {doc['kind']}/{doc['metadata']['name']}"


def test_broken_manifests_are_refused():
    web = by_kind("Deployment")["web"]
    typo = yaml.safe_load(yaml.safe_dump(web))
    container = typo["spec"]["template"]["spec"]["containers"][0]
    container["readinessProbe"]["httpGet"]["paht"] = container["readinessProbe"]["httpGet"].pop("path")
    assert any("paht" in e for e in validation_errors(typo))

    wrong_type = yaml.safe_load(yaml.safe_dump(web))
    wrong_type["spec"]["replicas"] = "two"
    assert validation_errors(wrong_type)

    no_selector = yaml.safe_load(yaml.safe_dump(by_kind("HorizontalPodAutoscaler")["web"]))
    del no_selector["spec"]["scaleTargetRef"]
    assert validation_errors(no_selector)

    unknown = {"apiVersion": "apps/v2", "kind": "Deployment", "metadata": {"name": "x"}}
    assert validation_errors(unknown)


def _container(deployment: dict) -> dict:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return containers[0]


def test_web_and_workers_scale_out_and_beat_runs_once():
    deployments = by_kind("Deployment")
    assert set(deployments) == {"web", "worker", "beat"}
    web = _container(deployments["web"])
    assert web["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert web["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert web["args"][:2] == ["gunicorn", "config.wsgi:application"]
    worker = _container(deployments["worker"])
    assert worker["args"][:4] == ["celery", "-A", "config", "worker"]
    assert "inspect ping" in " ".join(worker["livenessProbe"]["exec"]["command"])
    beat = deployments["beat"]
    assert beat["spec"]["replicas"] == 1 and beat["spec"]["strategy"]["type"] == "Recreate"
    assert _container(beat)["args"][:4] == ["celery", "-A", "config", "beat"]
    hpas = by_kind("HorizontalPodAutoscaler")
    assert {h["spec"]["scaleTargetRef"]["name"] for h in hpas.values()} == {"web", "worker"}
    for hpa in hpas.values():
        assert hpa["spec"]["maxReplicas"] > hpa["spec"]["minReplicas"] >= 2
    # the same image and configuration everywhere
    for name, deployment in deployments.items():
        container = _container(deployment)
        assert container["image"] == "cppcc-network:latest", name
        assert {"configMapRef": {"name": "cppcc-config"}} in container["envFrom"]
        assert {"secretRef": {"name": "cppcc-secrets"}} in container["envFrom"]


def test_services_ingress_elasticsearch_and_external_postgres():
    services = by_kind("Service")
    assert services["web"]["spec"]["selector"] == {"app.kubernetes.io/name": "web"}
    assert services["postgres"]["spec"]["type"] == "ExternalName"
    ingress = by_kind("Ingress")["cppcc"]
    hosts = [rule["host"] for rule in ingress["spec"]["rules"]]
    base = by_kind("ConfigMap")["cppcc-config"]["data"]["CPPCC_BASE_DOMAIN"]
    assert hosts == [base, f"*.{base}"]
    assert set(ingress["spec"]["tls"][0]["hosts"]) == {base, f"*.{base}"}
    for rule in ingress["spec"]["rules"]:
        assert rule["http"]["paths"][0]["backend"]["service"]["name"] == "web"
    web = _container(by_kind("Deployment")["web"])
    probe_hosts = {h["value"] for p in ("readinessProbe", "livenessProbe")
                   for h in web[p]["httpGet"]["httpHeaders"] if h["name"] == "Host"}
    assert probe_hosts == {base}
    es = by_kind("StatefulSet")["elasticsearch"]
    assert es["spec"]["replicas"] >= 3
    env = {e["name"]: e.get("value") for e in _container(es)["env"]}
    assert env["cluster.initial_master_nodes"] == ",".join(f"elasticsearch-{i}" for i in range(es["spec"]["replicas"]))
    assert env["discovery.seed_hosts"] == es["spec"]["serviceName"]
    assert services[es["spec"]["serviceName"]]["spec"]["clusterIP"] == "None"
    assert by_kind("ConfigMap")["cppcc-config"]["data"]["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"


def test_configuration_keys_are_documented_variables():
    table = readme_table()
    keys = set(by_kind("ConfigMap")["cppcc-config"]["data"]) | set(by_kind("Secret")["cppcc-secrets"]["stringData"])
    assert sorted(keys - set(table)) == []


def test_kustomization_applies_every_manifest_but_the_one_off_ones():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    listed = kustomization["resources"]
    assert all((K8S / name).exists() for name in listed)
    one_off = {"migrate-job.yaml", "secret.example.yaml"}
    assert sorted(set(listed) | one_off) == sorted(p.name for p in k8s_manifests())
