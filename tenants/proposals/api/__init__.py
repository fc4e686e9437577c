"""API of the proposal work: one APIView (or DRF generic) per operation, calling services and selectors.

`proposals` (the committee's people: members draft, sign and rate, the office reviews, assigns and
reviews answers; every read goes through ``selectors.proposals_visible``, the pages' selector, and
the actions ask only VIEW at the edge because the services decide per proposal who may act, as the
pages do), `handling` (a handling unit's staff: HANDLE only, their unit's assignments through
``selectors.handling_assignments``, the answer and the countersignature), `serializers` (what both
answer).
"""
