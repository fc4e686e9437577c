"""gunicorn's one configuration file (platform/config/gunicorn.py), as the image, compose and k8s run it."""
from __future__ import annotations

import importlib

from gunicorn.config import Config

from tests.deploy.common import DOCKERFILE, K8S


def load(monkeypatch, **env):
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    import config.gunicorn

    return importlib.reload(config.gunicorn)


def test_workers_follow_the_cores_and_the_variables_override(monkeypatch):
    module = load(monkeypatch)
    assert module.workers == min(module.available_cores() + 1, 12)
    assert module.worker_class == "sync" and module.threads == 1
    assert module.default_workers(64) == 12  # capped: each worker holds a database connection
    module = load(monkeypatch, WEB_CONCURRENCY="3", GUNICORN_THREADS="4", GUNICORN_BIND="127.0.0.1:9000")
    assert (module.workers, module.threads, module.worker_class, module.bind) == (3, 4, "gthread", "127.0.0.1:9000")


def test_gunicorn_reads_every_setting_of_the_file(monkeypatch):
    module = load(monkeypatch)
    config = Config()
    names = [n for n in vars(module) if not n.startswith("_") and n in config.settings]
    for name in names:
        config.set(name, getattr(module, name))
    assert config.max_requests == 2000 and config.max_requests_jitter > 0  # workers renewed, not all at once
    assert config.preload_app and config.keepalive > 0
    assert config.timeout == 60 and config.bind == ["0.0.0.0:8000"]
    assert set(names) >= {"bind", "workers", "threads", "worker_class", "timeout", "accesslog",
                          "forwarded_allow_ips", "max_requests", "max_requests_jitter", "preload_app"}


def test_the_image_and_kubernetes_start_gunicorn_with_it():
    assert '"--config", "python:config.gunicorn"' in DOCKERFILE.read_text(encoding="utf-8")
    assert "- --config=python:config.gunicorn" in (K8S / "web.yaml").read_text(encoding="utf-8")
