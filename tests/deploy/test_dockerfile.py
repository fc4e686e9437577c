"""The image installs the same locked set as the README path (./dev setup).

No Docker engine runs here, so the Dockerfile is read, not built: it must install
exactly requirements.lock with --no-deps as ./dev does, install the front-end files
from the same npm lock through the same command, and run the same set-up commands.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.deploy.common import (
    DOCKERFILE,
    REPO,
    dev_setup_commands,
    dockerfile_instructions,
    manage_commands,
    pip_install_arguments,
    requirement_sources,
    shell_commands,
)

APP_STAGE = "app"
WORKDIR = "/app"


def _app_runs(text: str) -> list[list[str]]:
    commands = []
    for ins in dockerfile_instructions(text):
        if ins.stage == APP_STAGE and ins.keyword == "RUN":
            commands.extend(shell_commands(ins.arguments))
    return commands


def dockerfile_problems(text: str) -> list[str]:
    """Every way the Dockerfile's app stage departs from ./dev's set-up (empty = in step)."""
    problems = []
    instructions = dockerfile_instructions(text)
    app = [i for i in instructions if i.stage == APP_STAGE]
    froms = [i for i in instructions if i.keyword == "FROM"]
    args = {i.arguments.split("=", 1)[0]: i.arguments.split("=", 1)[1] if "=" in i.arguments else ""
            for i in instructions if i.keyword == "ARG"}
    app_from = [i for i in froms if i.arguments.split()[-1] == APP_STAGE]
    if not app_from:
        return ["no build stage named 'app'"]
    base = app_from[0].arguments.split()[0]
    base = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), ""), base)
    if base != "python:3.11-slim":
        problems.append(f"app base image is {base!r}, not python:3.11-slim")

    runs = _app_runs(text)
    # 1. Python: exactly the lock, no dependency resolution, as in ./dev.
    dev_pip = [requirement_sources(a) for c in dev_setup_commands() if (a := pip_install_arguments(c)) is not None]
    image_pip = [requirement_sources(a) for c in runs if (a := pip_install_arguments(c)) is not None]
    if len(dev_pip) != 1:
        problems.append(f"./dev setup() should have one pip install, has {len(dev_pip)}")
    if len(image_pip) != 1:
        problems.append(f"the image should run one pip install, runs {len(image_pip)}")
    if len(dev_pip) == 1 and len(image_pip) == 1:
        (dev_sources, dev_flags), (image_sources, image_flags) = dev_pip[0], image_pip[0]
        if image_sources != dev_sources:
            problems.append(f"the image installs {sorted(image_sources)}, ./dev installs {sorted(dev_sources)}")
        if "--no-deps" in dev_flags and "--no-deps" not in image_flags:
            problems.append("the image's pip install lacks --no-deps (./dev has it)")
        for flag in ("-U", "--upgrade", "--pre", "--no-index"):
            if flag in image_flags:
                problems.append(f"the image's pip install uses {flag}")
    lock_copied = any(
        i.keyword == "COPY" and "--from" not in i.arguments and "requirements.lock" in i.arguments.split()[:-1]
        or i.keyword == "COPY" and i.arguments.split()[0] == "."
        for i in app
    )
    if not lock_copied:
        problems.append("requirements.lock is never copied into the image")

    # 2. Front end: package-lock.json through vendor_assets (npm ci), never npm install.
    for words in runs:
        if words and Path(words[0]).name == "npm" and len(words) > 1 and words[1] in ("install", "i", "update"):
            problems.append(f"the image runs `npm {words[1]}`, which ignores package-lock.json")
    copies = [i for i in app if i.keyword == "COPY" and "--from" not in i.arguments]
    first_vendor = next((n for n, i in enumerate(app) if i.keyword == "RUN" and "vendor_assets" in i.arguments), None)
    lock_copy = next((n for n, i in enumerate(app) if i in copies and
                      ("package-lock.json" in i.arguments.split()[:-1] or i.arguments.split()[0] == ".")), None)
    if first_vendor is not None and (lock_copy is None or lock_copy > first_vendor):
        problems.append("package-lock.json is not in the image before vendor_assets runs")

    # 3. The same set-up commands as ./dev, then collectstatic.
    dev_manage = manage_commands(dev_setup_commands())
    image_manage = manage_commands(runs)
    missing = [c for c in dev_manage if c not in image_manage]
    if missing:
        problems.append(f"the image does not run {missing} (./dev setup does)")
    if "collectstatic" not in image_manage:
        problems.append("the image does not run collectstatic")
    elif any(c in image_manage[image_manage.index("collectstatic"):] for c in ("vendor_assets",)):
        problems.append("collectstatic runs before vendor_assets: the vendor files would be missing")
    return problems


def test_the_image_installs_the_same_locked_set_as_the_readme_path():
    assert dockerfile_problems(DOCKERFILE.read_text(encoding="utf-8")) == []


def test_the_readme_path_is_what_the_check_compares_against():
    # If ./dev changes shape, the comparison must not silently compare nothing.
    commands = dev_setup_commands()
    assert [requirement_sources(a) for c in commands if (a := pip_install_arguments(c)) is not None] == [
        ({"-r requirements.lock"}, {"--quiet", "--disable-pip-version-check", "--no-deps"})
    ]
    assert manage_commands(commands) == ["vendor_assets", "compile_translations"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("--no-deps -r requirements.lock", "-r requirements.lock"), "lacks --no-deps"),
        (("--no-deps -r requirements.lock", "--no-deps -r requirements.txt"), "the image installs ['-r requirements.txt']"),
        (("--no-deps -r requirements.lock", "--no-deps -r requirements.lock gunicorn"),
         "the image installs ['-r requirements.lock', 'gunicorn']"),
        (("&& python manage.py compile_translations ", ""), "does not run ['compile_translations']"),
        (("python manage.py vendor_assets", "npm install"), "`npm install`"),
        (("ARG PYTHON_IMAGE=python:3.11-slim", "ARG PYTHON_IMAGE=python:3.12-slim"), "not python:3.11-slim"),
        (("COPY package.json package-lock.json ./\nCOPY . .\n", ""), "package-lock.json is not in the image"),
    ],
)
def test_a_dockerfile_out_of_step_is_caught(change, expected):
    text = DOCKERFILE.read_text(encoding="utf-8")
    old, new = change
    assert old in text
    problems = dockerfile_problems(text.replace(old, new, 1))
    assert any(expected in p for p in problems), problems


def test_the_image_runs_the_app_the_documented_way():
    instructions = dockerfile_instructions(DOCKERFILE.read_text(encoding="utf-8"))
    app = [i for i in instructions if i.stage == APP_STAGE]
    env = " ".join(i.arguments for i in app if i.keyword == "ENV")
    # platform/ (no __init__.py) and the repository root on the path, as manage.py does.
    assert f"PYTHONPATH={WORKDIR}/platform:{WORKDIR}" in env
    assert "DJANGO_DEBUG=0" in env
    assert "CPPCC_MEDIA_ROOT=/var/lib/cppcc/media" in env
    assert [i.arguments for i in app if i.keyword == "WORKDIR"] == [WORKDIR]
    cmd = [i.arguments for i in app if i.keyword == "CMD"]
    assert len(cmd) == 1 and '"gunicorn", "config.wsgi:application"' in cmd[0]
    assert settings.WSGI_APPLICATION == "config.wsgi.application"
    assert any(i.keyword == "USER" and i.arguments != "root" for i in app)


def test_nginx_serves_the_static_files_collectstatic_wrote():
    instructions = dockerfile_instructions(DOCKERFILE.read_text(encoding="utf-8"))
    static_root = Path(settings.STATIC_ROOT).relative_to(settings.REPO_ROOT)
    copies = [i.arguments.split() for i in instructions if i.stage == "nginx" and i.keyword == "COPY"]
    from_app = [c for c in copies if c[0] == "--from=app"]
    assert from_app == [["--from=app", f"{WORKDIR}/{static_root}", "/usr/share/nginx/cppcc-static"]]
    conf = (REPO / "deploy/nginx/cppcc.conf").read_text(encoding="utf-8")
    assert f"location {settings.STATIC_URL} {{\n        alias /usr/share/nginx/cppcc-static/;" in conf
    # every file the Dockerfile copies from the context exists
    for ins in instructions:
        if ins.keyword == "COPY" and not ins.arguments.startswith("--from"):
            for source in ins.arguments.split()[:-1]:
                assert (REPO / source).exists(), source


# --- .dockerignore ----------------------------------------------------------------
def _ignored(path: str, patterns: list[str]) -> bool:
    ignored = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        regex = "".join(
            ".*" if token == "**" else "[^/]*" if token == "*" else "[^/]" if token == "?" else re.escape(token)
            for token in re.findall(r"\*\*|\*|\?|[^*?]+", pattern)
        )
        parts = path.split("/")
        if any(re.fullmatch(regex, "/".join(parts[:n])) for n in range(1, len(parts) + 1)):
            ignored = not negate
    return ignored


def _dockerignore() -> list[str]:
    lines = (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_the_build_context_has_the_code_and_locks_but_nothing_installed_locally():
    patterns = _dockerignore()
    needed = ["requirements.lock", "package.json", "package-lock.json", "manage.py", "pyproject.toml",
              "platform/config/settings.py", "platform/config/wsgi.py", "search/dictionary.txt",
              "locale/en/LC_MESSAGES/django.po", "deploy/nginx/cppcc.conf", "deploy/nginx/proxy.conf",
              "tenants/structure/models.py"]
    assert [p for p in needed if _ignored(p, patterns)] == []
    local = [".venv/bin/python", "node_modules/echarts/package.json", ".var/static_root/vendor/htmx.min.js",
             ".var/pgdata/PG_VERSION", ".git/HEAD", "platform/config/__pycache__/settings.cpython-311.pyc",
             "locale/en/LC_MESSAGES/django.mo", "deploy/.env", "deploy/tls/tls.key"]
    assert [p for p in local if not _ignored(p, patterns)] == []
    # and the matcher itself tells the two apart
    assert _ignored("node_modules/x", ["node_modules"]) and not _ignored("package.json", ["node_modules"])
