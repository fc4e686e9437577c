"""The judged relevance set is well formed: every judged title is a material of the
corpus, every kind holds its minimum of queries, grades are 0–3, the corpus varies."""
from pathlib import Path

import pytest

from search.relevance import corpus, seeds
from search.relevance.judged import JUDGED, KINDS, QUERIES
from shared.materials.demo_texts import MATERIALS

SEED_TITLES = set(seeds.TITLES)


def _seed001_titles() -> set[str]:
    path = next(iter(sorted(seeds.SEEDS.glob("001_*.txt"))), None) if seeds.SEEDS.is_dir() else None
    if path is None:
        return set()
    from shared.materials.splitting import split_compilation

    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {m.title for m in split_compilation(lines).materials}


def test_every_kind_has_its_minimum_and_the_set_has_100_queries():
    counts = {kind: sum(1 for j in QUERIES if j.kind == kind) for kind in KINDS}
    assert all(counts[kind] >= least for kind, least in KINDS.items()), counts
    assert len(QUERIES) >= 100
    assert len(JUDGED) == len(QUERIES), "a query is judged twice"


def test_grades_are_0_to_3_and_every_query_has_a_relevant_material():
    for j in QUERIES:
        assert j.grades, j.query
        assert all(isinstance(g, int) and 0 <= g <= 3 for g in j.grades.values()), j.query
        assert max(j.grades.values()) >= 2, f"{j.query}: nothing substantially relevant"


def test_exclusion_queries_exclude_something():
    for j in QUERIES:
        if j.kind == "exclusion":
            assert any(part.startswith("-") and len(part) > 1 for part in j.query.split()), j.query


def test_every_judged_title_is_a_material_of_the_corpus():
    own = {m.title for m in corpus.load()}
    demo = {m[1] for m in MATERIALS}
    named = {t for j in QUERIES for t in j.grades}
    missing = named - own - demo - SEED_TITLES
    seed001 = _seed001_titles()
    if seed001:
        assert not missing - seed001, sorted(missing - seed001)
    else:  # without ../shared/seeds only the titles we can see are checked
        missing = {t for t in missing if t not in JUDGED_SEED001}
        assert not missing, sorted(missing)


#: the titles of seed 001's speeches the set names (checked against the split when present)
JUDGED_SEED001 = {
    "夯实履职基础提升履职质效", "守正创新高质量推进提案工作", "构建全链条机制推动分基地建设",
    "搭建协商平台助推高质量发展", "破解“两个薄弱”务求取得实效", "聚焦产业深耕“双助”",
}


def test_seed_materials_are_found_or_skipped_cleanly(tmp_path):
    assert seeds.load(tmp_path / "absent") == []
    assert seeds.load(tmp_path) == []
    if not seeds.SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    found = {m.title: m for m in seeds.load()}
    assert set(found) == SEED_TITLES
    assert all(len(m.body) > 500 for m in found.values())
    assert "评选" in found[seeds.GOLDEN_IDEAS].body and "同心圆" not in found[seeds.GOLDEN_IDEAS].body


def test_the_corpus_varies_as_real_materials_do():
    materials = corpus.load()
    assert len(materials) >= 80
    assert len({m.title for m in materials}) == len(materials)
    assert len({m.province for m in materials}) >= 5
    assert {m.level for m in materials} == {"city", "county"}
    assert sum(len(m.body) >= 2900 for m in materials) >= 3, "long materials"
    assert sum(len(m.body) <= 300 for m in materials) >= 10, "short materials"
    assert sum(m.organisation.lower().startswith("xx") for m in materials) >= 10, "masked names"
    assert all(Path(corpus.HERE, m.source).suffix == ".txt" for m in materials)


def test_no_material_is_graded_twice_for_one_query():
    """A dict literal keeps the last of two equal keys: a second grade would hide the first."""
    import ast

    import search.relevance as package

    for path in Path(package.__file__).parent.glob("judged*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
                assert len(keys) == len(set(keys)), (path.name, sorted({k for k in keys if keys.count(k) > 1}))
