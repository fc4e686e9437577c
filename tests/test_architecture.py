"""The layers of ARCHITECTURE.md, held by the code: import directions, where the tenant
is entered, and modules small enough to read in one sitting."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE_ROOTS = ("platform", "tenants", "shared", "search")
#: "A module too big to scan (about 600 lines) becomes a package."
MAX_MODULE_LINES = 650


def _source_files():
    for root in SOURCE_ROOTS:
        for path in sorted((REPO / root).rglob("*.py")):
            if "migrations" in path.parts or "__pycache__" in path.parts:
                continue
            yield path


def test_import_linter_contracts_are_kept():
    """The allowed import directions (.importlinter): the platform core imports no app,
    shared apps no tenant app, search no domain app, no app the composition roots."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"],
        cwd=REPO, capture_output=True, text=True,
        env={"PYTHONPATH": f"{REPO / 'platform'}:{REPO}", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout
    assert result.stdout.count("KEPT") >= 4


def test_contracts_name_every_layer():
    """A new top-level package of ours must be placed in the contracts, not slip past them."""
    config = (REPO / ".importlinter").read_text()
    roots = re.search(r"root_packages\s*=\s*\n((?:\s+\S+\n)+)", config).group(1).split()
    platform_packages = sorted(p.name for p in (REPO / "platform").iterdir()
                               if (p / "__init__.py").exists())
    for name in platform_packages + ["tenants", "shared", "search"]:
        assert name in roots, f"{name} is not in .importlinter's root_packages"


def test_schema_context_only_in_the_tenancy_core():
    """The tenant is entered at the edges: schema_context only in platform/tenancy/ (and tests)."""
    used = re.compile(r"\bimport\b[^\n]*\bschema_context\b|\bschema_context\s*\(")
    offenders = [
        str(path.relative_to(REPO)) for path in _source_files()
        if used.search(path.read_text(encoding="utf-8"))
        and path.parent != REPO / "platform" / "tenancy"
    ]
    assert offenders == []


def test_no_module_too_big_to_scan():
    sizes = {str(p.relative_to(REPO)): sum(1 for _ in p.open(encoding="utf-8")) for p in _source_files()}
    too_big = {path: n for path, n in sizes.items() if n > MAX_MODULE_LINES}
    assert too_big == {}
