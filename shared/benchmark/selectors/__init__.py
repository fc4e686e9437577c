"""Reads of 比学赶超: who sees what, the values matrix of a peer group, league tables, catch-up, trends.

Visibility (the issue's rule, applied here and nowhere else):
- the province (its provincial officers, and users of the province's own
  committee on its host) sees everything in its network, published or not;
- a committee sees the published league tables of its peer groups and its own
  values in any state, never a peer's unpublished value;
- nobody sees another province's data: every query below is limited to the
  requesting committee's province.
The requesting committee is the active tenant (`organisation_current()`); the
user only adds network powers through `roles.policy`.

Modules: ``viewer`` (who is asking), ``catalogue`` (indicators, periods, publications,
peer groups), ``matrix`` (the values matrix in one query), ``league`` (league tables),
``gaps`` (catch-up and learn from whom), ``publishing`` (the completeness check, publication
versions, the frozen catalogue), ``reports`` (similar committees, trends, own
values, the review queue). Callers import this package: ``from shared.benchmark import selectors``.
"""
from __future__ import annotations

from .viewer import (  # noqa: F401
    NotVisible, Viewer, viewer_get, network_list,
)
from .catalogue import (  # noqa: F401
    indicator_list, period_list, period_previous, publication_get, publication_list,
    periods_visible, peer_group_list, peer_group_default, peer_group_members,
    peer_group_editable, peer_group_level, organisation_visible_get, period_latest_visible,
    period_default, MEMBER_FIELDS, LeagueChoice, league_choice, indicator_catalogue, indicator_editable,
)
from .matrix import (  # noqa: F401
    values_matrix, basis_apply, profile_member_count, SMALL_GROUP,
)
from .league import (  # noqa: F401
    method_from, LeagueRow, LeagueTable, league_table, BAND_DRAWS, BAND_SEED,
    WeightEffect, WeightEffectRow, period_next_computation, weight_effect,
)
from .publishing import (  # noqa: F401
    State, Completeness, CompletenessRow, completeness_get, publication_versions, publication_version_counts,
    publication_indicators, FROZEN_FIELDS, committee_values_get,
)
from .gaps import (  # noqa: F401
    GapRow, CatchUpView, catch_up_get, LearnMaterial, LearnRow, indicator_terms,
    leader_materials, learn_from_list,
)
from .reports import (  # noqa: F401
    SimilarRow, similar_list, TrendRow, trends_get, own_values_list, report_rows, review_list,
)
