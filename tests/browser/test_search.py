"""End to end in headless Chromium: a viewer searches the demo materials (the 类型 facet
set to 材料), narrows with facets and filters (HTMX swaps), sorts by date, pages, opens a
material and sees its related materials; quoted phrases and exclusions. Every expected value is computed from
the database (materials the committee may read, plain substring tests) before the
browser starts."""
import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from tests.browser.test_tenant_site import sign_in

WORD = "委员"
PHRASE = "协商议事"
EXCLUSION = ("协商", "议事厅")
THEME = "有事来协商"
LEVEL = "city"
LEVEL_LABEL = "市级"
MARKS = "article.search-hit h3 mark, article.search-hit p:not(.muted) mark"  # not the 草稿 badge


def _compact(text: str) -> str:
    from search.segmentation import char_units

    return "".join(char_units(text))


def _date_key(m):
    return (m.published_on, m.id)


@pytest.fixture(scope="module")
def facts(django_db_setup, django_db_blocker):
    """What a ziyang user may find, worked out from the materials themselves."""
    from django.db import connection

    from search.selectors import related
    from tenancy.selectors import in_organisation
    from tests.search.conftest import material_key
    from shared.materials.selectors import material_list
    from tenancy.models import Organisation

    with django_db_blocker.unblock():
        ziyang = Organisation.objects.get(schema_name="ziyang")
        connection.set_tenant(ziyang)
        try:
            visible = list(material_list().select_related("organisation__province", "occasion"))
        finally:
            connection.set_schema_to_public()
        texts = {m.id: _compact(m.title + "\n" + m.body) for m in visible}

        def having(*words, without=()):
            return [m for m in visible if all(_compact(w) in texts[m.id] for w in words)
                    and not any(_compact(w) in texts[m.id] for w in without)]

        word_hits = sorted(having(WORD), key=_date_key, reverse=True)
        themed = [m for m in word_hits if THEME in {t.name for t in m.themes.all()}]
        themed_city = [m for m in themed if m.organisation.level == LEVEL]
        first = themed_city[0]
        # the other facets' values, as the search page labels them
        labels = {  # the committee the search shows (the keeper while a credit waits for its answer)
            "organisation": lambda m: None if m.outside_organisation else m.shown_organisation.name,
            "province": lambda m: (m.shown_organisation.province.name if m.shown_organisation.province_id
                                   else None),
            "year": lambda m: str(m.published_on.year) if m.published_on else None,
            "occasion": lambda m: m.occasion.name if m.occasion_id else None,
        }
        by_facet = {name: [(label(m), m.title) for m in word_hits] for name, label in labels.items()}
        return {
            "by_facet": by_facet,
            "word_hits": word_hits,
            "word_orgs": Counter(labels["organisation"](m) for m in word_hits if labels["organisation"](m)),
            "themed": themed,
            "themed_orgs": Counter(labels["organisation"](m) for m in themed if labels["organisation"](m)),
            "themed_city": themed_city,
            "first": first,
            # related materials are the index's choice; they must all be readable here
            "related": [{m.id: m.title for m in visible}[h.id]
                        for h in in_organisation(ziyang, lambda: related(material_key(first.id), limit=5))],
            "phrase_hits": having(PHRASE),
            "exclusion_hits": having(EXCLUSION[0], without=[EXCLUSION[1]]),
            "positive_hits": having(EXCLUSION[0]),
        }


def _facet(page, name) -> dict[str, int]:
    return page.evaluate(
        """name => Object.fromEntries([...document.querySelectorAll(`ul.facet[data-facet=${name}] li`)]
             .map(li => [li.querySelector('a').innerText.replace(/^[☐☑]\\s*/, '').trim(),
                         parseInt(li.querySelector('span').innerText.replace(/[()]/g, ''))]))""",
        name,
    )


def _titles(page) -> list[str]:
    return [t.strip() for t in page.locator("article.search-hit h3 a").all_inner_texts()]


def _search(page, base, q):
    """Search for q, then keep the exchange materials (the 类型 facet): shared golden ideas
    are found too, and these tests count materials."""
    page.goto(base + "/search/")
    page.fill("input[name=q]", q)
    page.click("form[role=search] button[type=submit]")
    # the results of q first: the empty search page has a 材料 link too, without q
    expect(page).to_have_url(re.compile(r"[?&]q="))
    expect(page.locator("ul.facet[data-facet=kind] a", has_text=re.compile(r"^☐\s*材料$"))).to_have_attribute(
        "href", re.compile(r"[?&]q="))
    page.locator("ul.facet[data-facet=kind] a", has_text=re.compile(r"^☐\s*材料$")).click()
    expect(page).to_have_url(re.compile(r"[?&]kind=material"))


def test_viewer_searches_narrows_sorts_pages_and_opens_a_material(facts, live_site, browser_page):
    page, base = browser_page, live_site("ziyang")
    n = len(facts["word_hits"])
    assert n > 20 and len(facts["themed"]) < n and 0 < len(facts["themed_city"]) < len(facts["themed"])
    sign_in(page, base, "ziyang_viewer")
    page.wait_for_url(base + "/")

    _search(page, base, WORD)
    results = page.locator("#search-results")
    expect(results).to_contain_text(f"共 {n} 篇材料")
    page.evaluate("window.__same_page = true")  # survives HTMX swaps, not a page load
    marks = page.locator(MARKS).all_inner_texts()
    # the word, and the thesaurus' forms of it that contain it (政协委员)
    assert len(marks) >= 10 and WORD in set(marks) and all(WORD in mark for mark in marks)
    assert _facet(page, "organisation") == dict(facts["word_orgs"])

    # sort by date, then page 2
    page.locator("#search-results a", has_text="按日期").click()
    expect(results.locator("strong", has_text="按日期")).to_be_visible()
    assert _titles(page) == [m.title for m in facts["word_hits"][:10]]
    page.locator("#search-results a", has_text="下一页").click()
    expect(results).to_contain_text(f"第 2 / {-(-n // 10)} 页")
    assert _titles(page) == [m.title for m in facts["word_hits"][10:20]]
    assert "page=2" in page.url and "sort=date" in page.url

    # a theme facet: results and every count change
    page.locator("ul.facet[data-facet=theme] a", has_text=THEME).click()
    expect(results).to_contain_text(f"共 {len(facts['themed'])} 篇材料")
    assert _facet(page, "organisation") == dict(facts["themed_orgs"])
    assert _facet(page, "theme")[THEME] == len(facts["themed"])
    assert _titles(page) == [m.title for m in facts["themed"][:10]]

    # a level filter on top
    page.locator("ul.facet[data-facet=level] a", has_text=LEVEL_LABEL).click()
    expect(results).to_contain_text(f"共 {len(facts['themed_city'])} 篇材料")
    assert _facet(page, "level") == {LEVEL_LABEL: len(facts["themed_city"])}
    assert _titles(page) == [m.title for m in facts["themed_city"][:10]]
    assert page.evaluate("window.__same_page") is True
    assert "level=city" in page.url

    # open the newest and see its related materials
    page.locator("article.search-hit h3 a").first.click()
    page.wait_for_url(f"{base}/materials/{facts['first'].id}/")
    assert page.get_by_test_id("material-title").inner_text() == facts["first"].title
    related = page.locator("section.related-materials li a").all_inner_texts()
    assert related == facts["related"] and len(related) >= 1
    assert facts["first"].title not in related


@pytest.mark.parametrize("facet", ["organisation", "province", "year", "occasion"])
def test_every_other_facet_counts_and_narrows(facet, facts, live_site, browser_page):
    """Organisation, province, year and occasion (theme and level above): the counts the
    page shows are the database's, and a click narrows the results to that value."""
    page, base = browser_page, live_site("ziyang")
    sign_in(page, base, "ziyang_viewer")
    page.wait_for_url(base + "/")
    values = facts["by_facet"][facet]
    counts = Counter(label for label, _ in values if label)
    assert counts, f"the demo's {WORD} hits have no {facet}"

    _search(page, base, WORD)
    results = page.locator("#search-results")
    expect(results).to_contain_text(f"共 {len(values)} 篇材料")
    assert _facet(page, facet) == dict(counts)

    label, n = counts.most_common()[-1]  # the rarest value: the narrowing shows
    page.locator(f"ul.facet[data-facet={facet}] a", has_text=re.compile(rf"^☐\s*{re.escape(label)}$")).click()
    expect(page).to_have_url(re.compile(rf"[?&]{facet}="))
    expect(page.locator(f"ul.facet[data-facet={facet}] a[aria-current=true]")).to_contain_text(label)
    expect(results).to_contain_text(f"共 {n} 篇材料")
    assert _facet(page, facet)[label] == n
    if n <= 10:  # the whole result on one page
        assert sorted(_titles(page)) == sorted(t for v, t in values if v == label)


def test_quoted_phrase_and_exclusion(facts, live_site, browser_page):
    page, base = browser_page, live_site("ziyang")
    sign_in(page, base, "ziyang_viewer")
    page.wait_for_url(base + "/")

    _search(page, base, f"“{PHRASE}”")
    results = page.locator("#search-results")
    expect(results).to_contain_text(f"共 {len(facts['phrase_hits'])} 篇材料")
    assert sorted(_titles(page)) == sorted(m.title for m in facts["phrase_hits"])
    assert set(page.locator(MARKS).all_inner_texts()) == {PHRASE}

    positive, excluded = EXCLUSION
    _search(page, base, f"{positive} -{excluded}")
    hits = facts["exclusion_hits"]
    assert 0 < len(hits) < len(facts["positive_hits"])
    expect(results).to_contain_text(f"共 {len(hits)} 篇材料")
    page.locator("#search-results a", has_text="按日期").click()
    expect(results.locator("strong", has_text="按日期")).to_be_visible()
    assert _titles(page) == [m.title for m in sorted(hits, key=_date_key, reverse=True)[:10]]
    assert excluded not in results.inner_text().split("共")[1]
