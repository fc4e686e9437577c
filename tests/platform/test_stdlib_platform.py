"""The folder platform/ must never shadow the standard-library module `platform`."""
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_stdlib_platform_imports_from_the_repository_root():
    result = subprocess.run(
        [sys.executable, "-c", "import platform, uuid; print(platform.system(), platform.__file__); uuid.uuid4()"],
        cwd=REPO, capture_output=True, text=True, check=True,
    )
    system, path = result.stdout.split()
    assert system == "Linux"
    assert not path.startswith(str(REPO))


def test_platform_folder_is_not_a_package():
    assert not (REPO / "platform" / "__init__.py").exists()


def test_manage_py_runs_from_the_repository_root():
    result = subprocess.run([sys.executable, "manage.py", "help", "organisation_create"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "--region-code" in result.stdout
