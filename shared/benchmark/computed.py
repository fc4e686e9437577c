"""Computed sources: where an indicator collected as "computed" takes its values from.

An app that computes a figure from the committee's own work (accepted proposals, the on-time
answer rate, reports adopted by a higher level) declares a ``ComputedSource`` and registers it
from its ``AppConfig.ready()``::

    computed_source_register(ComputedSource(
        code="proposals.accepted", label=_("立案提案件数"), value_type="count",
        rows_url=lambda period_id: reverse("proposals:benchmark_rows", args=["accepted", period_id]),
    ))

The province picks the source of an indicator (``Indicator.computed_source``); the committee
computes the figure in its own schema and pushes it through ``services.computed_value_set``
(shared code never reads a tenant schema). ``rows_url`` is the committee's page listing the rows
a value came from, on the committee's own site. Benchmark imports no app: it only keeps what
they registered.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ComputedSource:
    code: str                # "proposals.accepted": stored in Indicator.computed_source
    label: str               # what the province reads when it chooses the source (Chinese, translated)
    value_type: str          # the ValueType the figure has ("count", "percent")
    #: the committee's page of the rows behind its value of a period (called with the period's id)
    rows_url: Callable[[int], str] | None = None


_SOURCES: dict[str, ComputedSource] = {}


def computed_source_register(source: ComputedSource) -> None:
    """Declare a source (from the app's ``ready()``; registering a code again replaces it)."""
    _SOURCES[source.code] = source


def computed_source_get(code: str) -> ComputedSource | None:
    return _SOURCES.get(code)


def computed_source_choices() -> list[tuple[str, str]]:
    return [(s.code, str(s.label)) for s in _SOURCES.values()]


def computed_rows_url(code: str, period_id: int) -> str | None:
    """The committee's page of the rows behind its value (None for an unknown source or one without)."""
    source = _SOURCES.get(code)
    if source is None or source.rows_url is None:
        return None
    return source.rows_url(period_id)
