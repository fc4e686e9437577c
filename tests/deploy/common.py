"""Shared readers for the deployment checks: the repository's files, parsed."""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
K8S = DEPLOY / "k8s"
COMPOSE_FILE = DEPLOY / "docker-compose.yml"
DOCKERFILE = REPO / "Dockerfile"


# --- the variable table (deploy/README.md and deploy/env.example) -----------------
_ROW = re.compile(r"^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|(.*)\|\s*$")


def table_rows(text: str) -> dict[str, str]:
    """variable → the rest of its row, from the markdown table in `text`
    (lines may be commented with '# ', as in env.example)."""
    rows = {}
    for line in text.splitlines():
        line = re.sub(r"^#\s?", "", line)
        match = _ROW.match(line)
        if match:
            name = match.group(1)
            assert name not in rows, f"{name} is in the table twice"
            rows[name] = match.group(2).strip()
    return rows


def readme_table() -> dict[str, str]:
    return table_rows((DEPLOY / "README.md").read_text(encoding="utf-8"))


def env_example_table() -> dict[str, str]:
    return table_rows((DEPLOY / "env.example").read_text(encoding="utf-8"))


def env_example_assignments() -> dict[str, str]:
    """Variables set (or shown commented out, '# NAME=value') in env.example."""
    found = {}
    for line in (DEPLOY / "env.example").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^#?\s*([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


_CODE_ENV = re.compile(
    r"""(?:os\.environ\.get|os\.getenv|os\.environ\.setdefault|env_flag)\(\s*["']([A-Z][A-Z0-9_]*)["']"""
    r"""|os\.environ\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]"""
)
CODE_FOLDERS = ("platform", "tenants", "shared", "search")
NOT_CONFIGURATION = {"DJANGO_SETTINGS_MODULE"}  # set by the code itself, not by operators


def variables_read_by_code() -> dict[str, str]:
    """Environment variables the application code reads → first file that reads it."""
    found: dict[str, str] = {}
    for folder in CODE_FOLDERS:
        for path in sorted((REPO / folder).rglob("*.py")):
            for match in _CODE_ENV.finditer(path.read_text(encoding="utf-8")):
                name = match.group(1) or match.group(2)
                if name not in NOT_CONFIGURATION:
                    found.setdefault(name, str(path.relative_to(REPO)))
    return found


def interpolated_variables(text: str) -> set[str]:
    """Names used as ${NAME}, ${NAME:-default}, ${NAME:?message} (compose, Dockerfile)."""
    return set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?+][^}]*)?\}", text))


# --- YAML ------------------------------------------------------------------------
def load_yaml_documents(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [doc for doc in yaml.safe_load_all(handle) if doc is not None]


def k8s_manifests() -> list[Path]:
    return sorted(p for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml")


def k8s_resources() -> list[tuple[Path, dict]]:
    return [(path, doc) for path in k8s_manifests() for doc in load_yaml_documents(path)]


# --- Dockerfile ------------------------------------------------------------------
@dataclass
class Instruction:
    stage: str
    keyword: str
    arguments: str


def dockerfile_instructions(text: str) -> list[Instruction]:
    """The instructions of a Dockerfile: continuations joined, comments dropped,
    each tagged with the name of its build stage."""
    logical, current = [], ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and not current):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        if current.strip():
            logical.append(current.strip())
        current = ""
    if current.strip():
        logical.append(current.strip())
    instructions, stage = [], ""
    for line in logical:
        keyword, _, arguments = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            parts = arguments.split()
            stage = parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else parts[0]
        instructions.append(Instruction(stage, keyword, arguments.strip()))
    return instructions


def shell_commands(run_arguments: str) -> list[list[str]]:
    """The simple commands of a RUN line (split on && ; ||), with nested `sh -c '...'` opened."""
    lexer = shlex.shlex(run_arguments, posix=True, punctuation_chars=";&|")
    lexer.whitespace_split = True
    parts, current = [], []
    for token in lexer:
        if token in ("&&", "||", ";", "|", "&"):
            parts.append(current)
            current = []
        else:
            current.append(token)
    parts.append(current)
    commands = []
    for words in parts:
        # drop leading VAR=value assignments
        while words and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]):
            words = words[1:]
        if not words:
            continue
        if words[:2] == ["sh", "-c"] and len(words) >= 3:
            commands.extend(shell_commands(words[2]))
        else:
            commands.append(words)
    return commands


def manage_commands(commands: list[list[str]]) -> list[str]:
    """The manage.py sub-commands in a list of simple commands, in order."""
    names = []
    for words in commands:
        if "manage.py" in words:
            index = words.index("manage.py")
            if index + 1 < len(words):
                names.append(words[index + 1])
    return names


def pip_install_arguments(words: list[str]) -> list[str] | None:
    """The arguments after `pip install` in a simple command, or None if it is not one."""
    for i in range(len(words) - 1):
        if words[i].endswith("pip") and words[i + 1] == "install":
            return words[i + 2:]
        if words[i] == "pip" and i + 1 < len(words) and words[i + 1] == "install":
            return words[i + 2:]
    if len(words) > 3 and words[1:3] == ["-m", "pip"] and words[3] == "install":
        return words[4:]
    return None


def requirement_sources(arguments: list[str]) -> tuple[set[str], set[str]]:
    """(what is installed: '-r file' and named packages, the --flags) of pip install arguments."""
    sources, flags = set(), set()
    i = 0
    while i < len(arguments):
        arg = arguments[i]
        if arg in ("-r", "--requirement"):
            sources.add(f"-r {arguments[i + 1]}")
            i += 2
            continue
        if arg.startswith("--requirement="):
            sources.add(f"-r {arg.split('=', 1)[1]}")
        elif arg.startswith("-"):
            flags.add(arg)
        else:
            sources.add(arg)
        i += 1
    return sources, flags


def dev_setup_function() -> str:
    """The body of setup() in ./dev: the README set-up path."""
    text = (REPO / "dev").read_text(encoding="utf-8")
    match = re.search(r"^setup\(\) \{\n(.*?)^\}", text, re.S | re.M)
    assert match, "./dev has no setup() function"
    return match.group(1)


def dev_setup_commands() -> list[list[str]]:
    body = dev_setup_function()
    body = re.sub(r"\\\n", " ", body)
    commands = []
    for line in body.splitlines():
        line = line.strip()
        if not line.startswith('"$PY"'):
            continue
        line = re.sub(r"\s2>.*$", "", line)  # stderr filter
        commands.append(shlex.split(line.replace('"$PY"', "python")))
    return commands
