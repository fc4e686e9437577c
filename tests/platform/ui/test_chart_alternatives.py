"""Every chart has a name for screen readers and a table with the same categories beside it."""
import html
import json
import re

import pytest

pytestmark = pytest.mark.django_db

# page -> (chart element id, its data's id, the table that carries the same figures)
CHART_PAGES = {
    "/": ("sector-chart", "sector-data", "sector-table"),
    "/benchmark/": ("league-chart", "league-data", "league-table"),
    "/benchmark/trends/": ("trend-chart", "trend-data", "trend-table"),
    "/benchmark/catch-up/": ("gap-chart", "gap-data", "gap-table"),
}


def chart_data(body: str, data_id: str):
    found = re.search(rf'<script id="{data_id}" type="application/json">(.*?)</script>', body, re.S)
    return json.loads(found.group(1))


def table_text(body: str, table_id: str) -> str:
    found = re.search(rf'<table id="{table_id}">(.*?)</table>', body, re.S)
    assert found, table_id
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(1)))


def categories(data) -> list[str]:
    if isinstance(data, list):  # the sectors: [{"name", "value"}]
        return [d["name"] for d in data]
    if "series" in data:
        return [s["name"] for s in data["series"]]
    return data["names"]


@pytest.mark.parametrize("path", CHART_PAGES)
def test_a_chart_is_named_and_its_table_names_every_category(site, path):
    chart_id, data_id, table_id = CHART_PAGES[path]
    body = site("ziyang", "ziyang_admin").get(path).content.decode()
    element = re.search(rf'<div id="{chart_id}"[^>]*>', body).group(0)
    assert 'role="img"' in element and re.search(r'aria-label="[^"]+"', element)
    names = categories(chart_data(body, data_id))
    assert names, f"{path}: the demo network draws something"
    text = table_text(body, table_id)
    assert [n for n in names if n not in text] == []


def test_the_sector_table_counts_what_the_chart_draws(site):
    body = site("ziyang", "ziyang_admin").get("/").content.decode()
    drawn = {d["name"]: d["value"] for d in chart_data(body, "sector-data")}
    rows = re.findall(r'<tr><th scope="row"><span translate="no">(.*?)</span></th><td class="num">(\d+)</td></tr>',
                      body)
    assert {html.unescape(name): int(n) for name, n in rows} == drawn
    assert [int(n) for _, n in rows] == sorted(drawn.values(), reverse=True)  # in the chart's order


def test_trend_series_carry_the_unit_the_table_shows(site):
    body = site("ziyang", "ziyang_admin").get("/benchmark/trends/").content.decode()
    text = table_text(body, "trend-table")
    series = chart_data(body, "trend-data")["series"]
    assert series and all(s["unit"] for s in series)
    for s in series:
        assert re.search(re.escape(s["name"]) + r"\s*（\s*" + re.escape(s["unit"]) + r"\s*）", text), s
