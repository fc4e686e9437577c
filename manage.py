#!/usr/bin/env python
"""Django's command-line utility.

The folder platform/ has no __init__.py: it is put on sys.path so that its
packages (config, tenancy, accounts, roles, ...) import by their own names and
the standard-library module `platform` is never shadowed.
"""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent

if __name__ == "__main__":
    sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
