"""The visibility rule is stated once (search.visibility.RULE); its derivations agree.

Given three materials of 成都 (四川), one per level, every viewer of the grid (anonymous,
the owner, another committee of 四川, a committee of 浙江, 四川's provincial committee)
sees the same materials through the materials app's ORM filter, the PostgreSQL
backend's search, the Elasticsearch filter (evaluated here over the documents' _source
the way Elasticsearch's term/bool queries do) and ``may_see``, and they are the
materials the rule says.
"""
import pytest

from search.backends.base import ViewerScope
from search.backends.elasticsearch import source_of, viewer_of
from search.backends.elasticsearch_schema import visibility_filter
from search.backends.postgres import PostgresBackend
from search.contract import DocumentKey
from search.selectors import document_get, search
from search.visibility import OWNER, PROVINCE, may_see, visible_q
from shared.materials.models import Material
from shared.materials.selectors import material_documents, material_list
from tests.search.conftest import org, seen_by

LEVELS = ("draft", "province", "platform")

#: viewer → the levels of 成都's materials it sees (the rule, written out by hand)
EXPECTED = {
    None: {"platform"},
    "chengdu": {"draft", "province", "platform"},   # the owner
    "zigong": {"province", "platform"},             # same province
    "jinhua": {"platform"},                         # another province
    "sichuan": {"province", "platform"},            # the province's own committee
}


@pytest.fixture
def materials(db):
    chengdu = org("chengdu")
    made = {level: Material.objects.create(title=f"可见性{level}", body=f"可见性测试正文{level}",
                                           organisation=chengdu, keeper=chengdu, visibility=level)
            for level in LEVELS}
    return {m.pk: level for level, m in made.items()}


@pytest.fixture
def indexed(materials):
    backend = PostgresBackend()
    backend.clear()
    backend.upsert(material_documents(list(materials)))
    return backend


def _viewer(slug):
    return None if slug is None else org(slug)


def _scope(slug):
    return ViewerScope() if slug is None else ViewerScope.of(org(slug))


def _es_matches(clause: dict, source: dict) -> bool:
    """A term/bool(filter, should + minimum_should_match) clause over one _source."""
    (kind, body), = clause.items()
    if kind == "term":
        (field, value), = body.items()
        return source.get(field) == value
    assert kind == "bool", clause
    if not all(_es_matches(c, source) for c in body.get("filter", [])):
        return False
    should = body.get("should", [])
    return sum(_es_matches(c, source) for c in should) >= body.get("minimum_should_match", 0 if not should else 1)


def _levels(materials, pks):
    return {materials[pk] for pk in pks if pk in materials}


@pytest.mark.parametrize("slug", list(EXPECTED))
def test_orm_filter_sees_what_the_rule_says(materials, slug):
    fields = {OWNER: ("organisation_id", "keeper_id"), PROVINCE: "organisation__province_id"}
    pks = Material.objects.filter(visible_q(_scope(slug), fields=fields)).values_list("pk", flat=True)
    assert _levels(materials, pks) == EXPECTED[slug]
    if slug is not None:  # what the materials pages list
        pks = seen_by(_viewer(slug), lambda: list(material_list().values_list("pk", flat=True)))
        assert _levels(materials, pks) == EXPECTED[slug]


@pytest.mark.parametrize("slug", list(EXPECTED))
def test_postgres_search_sees_what_the_rule_says(indexed, materials, slug):
    every = seen_by(_viewer(slug), search, "", backend=indexed)
    words = seen_by(_viewer(slug), search, "可见性测试正文", backend=indexed)
    assert _levels(materials, [h.id for h in every.hits]) == EXPECTED[slug]
    assert _levels(materials, [h.id for h in words.hits]) == EXPECTED[slug]
    assert words.total == len(EXPECTED[slug])
    for pk in materials:  # the read-only document page
        found = seen_by(_viewer(slug), document_get, DocumentKey("material", "public", pk), backend=indexed)
        assert (found is not None) == (materials[pk] in EXPECTED[slug])


@pytest.mark.parametrize("slug", list(EXPECTED))
def test_elasticsearch_filter_sees_what_the_rule_says(materials, slug):
    vis = visibility_filter(viewer_of(_scope(slug))).to_dict()
    sources = {d.id: source_of(d) for d in material_documents(list(materials))}
    assert _levels(materials, [pk for pk, s in sources.items() if _es_matches(vis, s)]) == EXPECTED[slug]


@pytest.mark.parametrize("slug", list(EXPECTED))
def test_may_see_says_what_the_rule_says(materials, slug):
    docs = material_documents(list(materials))
    seen = [d.id for d in docs
            if may_see(_scope(slug), visibility=d.visibility, owner=d.organisation_id, province=d.province_id)]
    assert _levels(materials, seen) == EXPECTED[slug]


def test_a_keeper_reads_what_it_keeps(db):
    """A material imported by the provincial committee (its keeper) for a city that wrote it."""
    sichuan, chengdu = org("sichuan"), org("chengdu")
    kept = Material.objects.create(title="汇编导入", body="正文", organisation=chengdu, keeper=sichuan, credit="pending",
                                   visibility="province")
    fields = {OWNER: ("organisation_id", "keeper_id"), PROVINCE: "organisation__province_id"}
    for slug in ("sichuan", "chengdu", "zigong"):
        assert Material.objects.filter(visible_q(_scope(slug), fields=fields), pk=kept.pk).exists()
    assert not Material.objects.filter(visible_q(_scope("jinhua"), fields=fields), pk=kept.pk).exists()
