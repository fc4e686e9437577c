"""In headless Chromium: the charts name every category the table beside them names, grow
with their number rather than hide labels, and lay themselves out again for a phone."""
from tests.browser.every_page import sign_in

OPTION = """(id) => {
  const box = document.getElementById(id);
  const o = window.echarts.getInstanceByDom(box).getOption();
  return {height: box.getBoundingClientRect().height, width: box.getBoundingClientRect().width,
          y: o.yAxis.map(a => ({data: a.data, interval: a.axisLabel.interval})),
          x: o.xAxis.map(a => ({data: a.data, interval: a.axisLabel.interval})),
          grids: o.grid.map(g => g.left)};
}"""


def column(page, table, n):
    return [t.strip() for t in page.locator(f"#{table} tbody tr td:nth-child({n})").all_inner_texts()]


def test_the_league_names_every_committee_of_its_table(browser_page, live_site):
    page, base = browser_page, live_site("ziyang")
    sign_in(page, base, "ziyang_admin")
    page.goto(base + "/benchmark/")
    page.wait_for_selector("#league-chart canvas")
    option = page.evaluate(OPTION, "league-chart")
    names = [n.split()[0] for n in column(page, "league-table", 2)]  # "资阳 第一方阵" -> "资阳"
    assert len(names) > 6
    assert option["y"][0]["data"] == names and option["y"][0]["interval"] == 0
    assert option["height"] >= 30 * len(names)  # a row of its own for each, nothing skipped


def test_the_unit_charts_show_the_five_statuses_with_the_tables_words(browser_page, live_site):
    page, base = browser_page, live_site("ziyang")
    sign_in(page, base, "ziyang_admin")
    page.goto(base + "/programmes/showcase/")
    page.wait_for_selector(".grid-cards [id] canvas")
    heads = [t.strip() for t in page.locator("#unit-table thead th").all_inner_texts()]
    chart_id = page.locator(".grid-cards .chart[id]").first.get_attribute("id")
    option = page.evaluate(OPTION, chart_id)
    assert option["y"][0]["data"] == heads[2:7] and option["y"][0]["interval"] == 0


def test_trends_are_one_small_chart_per_indicator_in_columns_that_follow_the_width(browser_page, live_site):
    page, base = browser_page, live_site("ziyang")
    sign_in(page, base, "ziyang_admin")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(base + "/benchmark/trends/")
    page.wait_for_selector("#trend-chart canvas")
    indicators = page.locator("#trend-table tbody tr").count()
    wide = page.evaluate(OPTION, "trend-chart")
    assert len(wide["x"]) == indicators > 1
    assert all(axis["interval"] == 0 for axis in wide["x"])
    assert len(set(wide["grids"])) >= 3  # several columns on an office PC
    page.set_viewport_size({"width": 375, "height": 812})
    page.wait_for_function("() => document.getElementById('trend-chart').getBoundingClientRect().width < 375")
    page.wait_for_timeout(400)  # the resize handler waits 150 ms
    narrow = page.evaluate(OPTION, "trend-chart")
    assert len(set(narrow["grids"])) == 2 and narrow["width"] <= 375
    assert narrow["height"] > wide["height"]  # more rows instead of smaller charts


def test_a_chart_page_loads_before_echarts_and_its_charts_follow(browser_page, live_site):
    page, base = browser_page, live_site("ziyang")
    sign_in(page, base, "ziyang_admin")
    page.goto(base + "/benchmark/", wait_until="load")
    page.wait_for_function("() => performance.getEntriesByName('charts-drawn').length > 0")
    timing = page.evaluate("""() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const bundle = performance.getEntriesByType('resource').filter(e => e.name.includes('echarts'));
      return {load: nav.loadEventStart, bundles: bundle.map(e => e.startTime),
              drawn: performance.getEntriesByName('charts-drawn')[0].startTime,
              scripts: [...document.scripts].map(s => s.src.split('/').pop())};
    }""")
    # ECharts is asked for once, after the load event: the page is usable without it ...
    assert len(timing["bundles"]) == 1 and timing["bundles"][0] >= timing["load"], timing
    # ... and the chart is drawn, finished (no opening animation), once it has come.
    assert timing["drawn"] > timing["bundles"][0]
    assert page.locator("#league-chart canvas").count() == 1
    assert page.evaluate("() => window.echarts.getInstanceByDom("
                         "document.getElementById('league-chart')).getOption().animation") is False
