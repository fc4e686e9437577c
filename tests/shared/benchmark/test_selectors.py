"""League tables, catch-up, similar committees and trends computed from the values of the demo network."""
import numpy as np
import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from shared.benchmark import selectors
from shared.benchmark.composite import Method, composite
from tests.shared.benchmark.helpers import period, without_open_year

pytestmark = pytest.mark.django_db


def viewer(slug, username):
    with schema_context(slug):
        return selectors.viewer_get(User.objects.get(username=username))


def test_who_sees_the_network():
    assert viewer("sichuan", "sichuan_officer").sees_network and viewer("sichuan", "sichuan_officer").can_review
    assert viewer("ziyang", "sichuan_officer").sees_network
    assert viewer("sichuan", "sichuan_admin").can_review
    plain = viewer("ziyang", "ziyang_admin")
    assert not plain.sees_network and not plain.can_review


def test_the_league_table_is_the_composite_of_the_accepted_values_on_their_basis():
    v = viewer("sichuan", "sichuan_officer")
    group = selectors.peer_group_default(v)
    table = selectors.league_table(viewer=v, group=group, period=period(2025), draws=200)
    assert [o.schema_name for o in table.organisations][:2] == ["chengdu", "zigong"]
    # the same figures straight from the numpy layer
    expected = composite(table.values, table.higher_is_better, table.weights, Method())
    ranks = {r.organisation.pk: r.rank for r in table.rows}
    assert [ranks[o.pk] for o in table.organisations] == expected.ranks.tolist()
    assert sorted(ranks.values()) == list(range(1, 13))
    leading = [r for r in table.rows if r.leading]
    assert len(leading) == table.leading_group_size == 4
    for row in table.rows:
        assert row.band_low <= row.rank <= row.band_high
    # per 10,000 residents: the value shown is the reported count over the population
    j = next(k for k, i in enumerate(table.indicators) if i.code == "venues")
    t = next(k for k, o in enumerate(table.organisations) if o.schema_name == "ziyang")
    raw = float(__import__("shared.benchmark.models", fromlist=["x"]).ReportedValue.objects.get(
        organisation=table.organisations[t], indicator=table.indicators[j], period=period(2025)).value)
    assert table.values[t, j] == pytest.approx(raw / 2_310_000 * 10_000)


def test_rank_change_is_against_the_previous_period():
    v = viewer("sichuan", "sichuan_officer")
    group = selectors.peer_group_default(v)
    now = selectors.league_table(viewer=v, group=group, period=period(2025), draws=0)
    before = selectors.league_table(viewer=v, group=group, period=period(2024), draws=0)
    previous = {r.organisation.pk: r.rank for r in before.rows}
    for row in now.rows:
        assert row.rank_change == previous[row.organisation.pk] - row.rank


def test_a_single_indicator_league_respects_its_direction():
    v = viewer("sichuan", "sichuan_officer")
    group = selectors.peer_group_default(v)
    days = next(i for i in selectors.indicator_list(province=v.province) if i.code == "handling_days")
    table = selectors.league_table(viewer=v, group=group, period=period(2025), indicator=days)
    first, last = table.rows[0], table.rows[-1]
    assert first.rank == 1 and first.score == np.nanmin(table.values[:, table.indicators.index(days)])
    assert last.score == np.nanmax(table.values[:, table.indicators.index(days)])


def test_a_committee_sees_published_tables_only():
    v = viewer("ziyang", "ziyang_admin")
    visible = [p.label for p, _published in selectors.periods_visible(v)]
    assert "2025年第4季度" not in visible and "2025年" in visible
    with pytest.raises(selectors.NotVisible):
        selectors.league_table(viewer=v, group=selectors.peer_group_default(v), period=period(2025, 4))
    assert [g.kind for g in selectors.peer_group_list(v)] == ["cities"]


def test_catch_up_names_the_peers_and_gaps():
    v = viewer("sichuan", "sichuan_officer")
    from tenancy.models import Organisation

    nanchong = Organisation.objects.get(schema_name="nanchong")
    view = selectors.catch_up_get(viewer=v, organisation=nanchong, period=period(2025))
    assert view.figures.rank == next(r.rank for r in view.table.rows if r.organisation.pk == nanchong.pk)
    assert view.figures.composite_gap_to_leader > 0
    shares = [g.share_to_threshold for g in view.gaps]
    assert sum(shares) == pytest.approx(1.0)
    assert all(o.pk != nanchong.pk for o in view.overtakes)


def test_similar_committees_are_nearest_by_level_population_and_members():
    v = viewer("ziyang", "ziyang_admin")
    rows = selectors.similar_list(viewer=v, organisation=v.organisation)
    assert len(rows) == 5
    assert all(r.organisation.level == "city" for r in rows)
    assert rows == sorted(rows, key=lambda r: r.distance)
    assert "ziyang" not in [r.organisation.schema_name for r in rows]


def test_trends_give_year_on_year_growth():
    without_open_year()
    v = viewer("ziyang", "ziyang_admin")
    periods, rows = selectors.trends_get(viewer=v, organisation=v.organisation)
    assert [p.year for p in periods] == [2023, 2024, 2025]
    row = next(r for r in rows if r.indicator.code == "consultations")
    assert row.growth[0] is None
    assert row.growth[2] == round((row.values[2] / row.values[1] - 1) * 100, 1)
