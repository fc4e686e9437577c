"""One table of variables (deploy/README.md = deploy/env.example) covers everything read."""
from __future__ import annotations

import re

from tests.deploy.common import (
    DOCKERFILE,
    REPO,
    dockerfile_instructions,
    env_example_assignments,
    env_example_table,
    readme_table,
    table_rows,
    variables_read_by_code,
)


def test_readme_and_env_example_hold_the_same_table():
    readme, example = readme_table(), env_example_table()
    assert len(readme) >= 10
    assert readme == example


def test_every_variable_the_code_reads_is_documented():
    read = variables_read_by_code()
    # the check sees the variables settings.py is known to read
    assert {"DATABASE_URL", "DJANGO_SECRET_KEY", "DJANGO_DEBUG", "CPPCC_BASE_DOMAIN", "REDIS_URL",
            "ELASTICSEARCH_URL", "CPPCC_MEDIA_ROOT"} <= set(read)
    missing = {name: where for name, where in read.items() if name not in readme_table()}
    assert missing == {}, "add these variables to deploy/README.md and deploy/env.example"


def test_image_build_arguments_are_documented():
    table = readme_table()
    args = {i.arguments.split("=", 1)[0] for i in dockerfile_instructions(DOCKERFILE.read_text(encoding="utf-8"))
            if i.keyword == "ARG"}
    es = (REPO / "deploy/elasticsearch/Dockerfile").read_text(encoding="utf-8")
    args |= set(re.findall(r"^ARG (\w+)", es, re.M))
    assert args >= {"PYTHON_IMAGE", "PIP_INDEX_URL", "NPM_CONFIG_REGISTRY", "ELASTICSEARCH_PLUGINS"}
    assert sorted(args - set(table)) == []


def test_env_example_only_sets_documented_variables_and_the_required_ones():
    table, assigned = readme_table(), env_example_assignments()
    assert sorted(set(assigned) - set(table)) == []
    text = (REPO / "deploy/env.example").read_text(encoding="utf-8")
    active = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, re.M))
    assert {"DJANGO_SECRET_KEY", "CPPCC_BASE_DOMAIN", "POSTGRES_PASSWORD"} <= active
    assert "DJANGO_DEBUG=0" in text.splitlines()


def test_the_table_reader_sees_an_undocumented_variable():
    # the table comparison can fail: a row missing on one side shows up
    rows = table_rows("| variable | a |\n|---|---|\n| `ONE` | x |\n| `TWO` | y |\n")
    assert rows == {"ONE": "x |", "TWO": "y |"} or rows == {"ONE": "x", "TWO": "y"}
    assert set(rows) != set(table_rows("# | `ONE` | x |"))
