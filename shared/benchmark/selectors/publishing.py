"""Before and after publishing a period: who has reported (the completeness check), the
publication's versions, the catalogue a publication froze, and what a weight change would do."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from tenancy.models import Level, Organisation

from ..models import AppliesTo, Indicator, PeriodPublication, Period, PublicationVersion, ReportedValue, ValueStatus
from .catalogue import indicator_list
from .viewer import Viewer, network_list


class State:
    """What a committee's values of a period amount to, the most urgent first."""

    NONE = "none"            # nothing submitted (drafts at most)
    RETURNED = "returned"    # a value the province returned waits for its correction
    PENDING = "pending"      # submitted values wait for the province's review
    PARTIAL = "partial"      # some indicators have no submitted value
    COMPLETE = "complete"    # every indicator's value is accepted


@dataclass
class CompletenessRow:
    organisation: Organisation
    expected: int
    accepted: int = 0
    submitted: int = 0
    returned: int = 0
    draft: int = 0

    @property
    def missing(self) -> int:
        """Indicators without a value the committee submitted (drafts count as missing)."""
        return max(0, self.expected - self.accepted - self.submitted - self.returned)

    @property
    def state(self) -> str:
        if not (self.accepted or self.submitted or self.returned):
            return State.NONE
        if self.returned:
            return State.RETURNED
        if self.submitted:
            return State.PENDING
        if self.missing:
            return State.PARTIAL
        return State.COMPLETE


@dataclass
class Completeness:
    period: Period
    rows: list[CompletenessRow] = field(default_factory=list)

    def of_state(self, state: str) -> list[CompletenessRow]:
        return [r for r in self.rows if r.state == state]

    @property
    def not_reported(self) -> list[CompletenessRow]:
        return self.of_state(State.NONE)

    @property
    def incomplete(self) -> list[CompletenessRow]:
        """Committees that reported but have indicators with no submitted value."""
        return [r for r in self.rows if r.state != State.NONE and r.missing]

    @property
    def pending(self) -> int:
        return sum(r.submitted for r in self.rows)

    @property
    def returned(self) -> int:
        return sum(r.returned for r in self.rows)

    @property
    def complete(self) -> bool:
        return all(r.state == State.COMPLETE for r in self.rows)

    def summary(self) -> dict:
        """What the methodology note keeps of the check (names, not ids: it is read by people)."""
        return {
            "committees": len(self.rows),
            "complete": len(self.of_state(State.COMPLETE)),
            "not_reported": [r.organisation.short_name for r in self.not_reported],
            "incomplete": [r.organisation.short_name for r in self.incomplete],
            "pending": self.pending,
            "returned": self.returned,
        }


def completeness_get(*, viewer: Viewer, period: Period) -> Completeness:
    """Every city and county of the viewer's province with its values of `period` by state (two queries)."""
    result = Completeness(period=period)
    if viewer.province is None:
        return result
    organisations = list(network_list(viewer))
    indicators = list(indicator_list(province=viewer.province))
    expected = {
        level: sum(1 for i in indicators if i.applies_to in (level, AppliesTo.BOTH))
        for level in (Level.CITY, Level.COUNTY)
    }
    applicable = {
        level: {i.pk for i in indicators if i.applies_to in (level, AppliesTo.BOTH)}
        for level in (Level.CITY, Level.COUNTY)
    }
    counts: Counter = Counter()
    rows = (
        ReportedValue.objects.filter(period=period, organisation__in=[o.pk for o in organisations],
                                     indicator__in=[i.pk for i in indicators])
        .values_list("organisation_id", "indicator_id", "status")
    )
    level_of = {o.pk: o.level for o in organisations}
    for organisation_id, indicator_id, status in rows:
        if indicator_id in applicable.get(level_of[organisation_id], ()):
            counts[(organisation_id, status)] += 1
    for organisation in organisations:
        result.rows.append(CompletenessRow(
            organisation=organisation, expected=expected.get(organisation.level, 0),
            accepted=counts[(organisation.pk, ValueStatus.ACCEPTED)],
            submitted=counts[(organisation.pk, ValueStatus.SUBMITTED)],
            returned=counts[(organisation.pk, ValueStatus.RETURNED)],
            draft=counts[(organisation.pk, ValueStatus.DRAFT)],
        ))
    return result


def publication_versions(publication: PeriodPublication) -> list[PublicationVersion]:
    """The publication's versions, the first (the publication itself) first."""
    return list(publication.versions.select_related("published_by").order_by("version"))


def publication_version_counts(viewer: Viewer) -> dict[int, int]:
    """Publication id -> its number of versions, for the viewer's province (one query)."""
    if viewer.province is None:
        return {}
    return dict(
        PeriodPublication.objects.filter(province=viewer.province).annotate(n=Count("versions"))
        .values_list("pk", "n")
    )


#: what a publication froze of each indicator (see services.publication.indicator_snapshot)
FROZEN_FIELDS = ("name", "unit", "direction", "applies_to", "basis", "weight")


def publication_indicators(publication: PeriodPublication, level: str | None) -> list[Indicator]:
    """The indicators as the publication froze them (weights, directions, bases), for a level.

    A published league table is computed with these, so a later change of the
    catalogue (a weight, a retired indicator) never rewrites a published period.
    An indicator of the snapshot that no longer exists is left out.
    """
    snapshot = publication.method.get("indicators") or []
    codes = [s.get("code") for s in snapshot]
    rows: dict[str, Indicator] = {}
    # the province's own indicator wins over a platform-wide one of the same code
    for indicator in Indicator.objects.filter(
        Q(province=publication.province_id) | Q(province__isnull=True), code__in=codes,
    ).order_by(F("province").asc(nulls_first=True)):
        rows[indicator.code] = indicator
    frozen = []
    for spec in snapshot:
        indicator = rows.get(spec.get("code"))
        if indicator is None:
            continue
        for name in FROZEN_FIELDS:
            if name in spec:
                setattr(indicator, name, spec[name])
        if level in (Level.CITY, Level.COUNTY) and indicator.applies_to not in (level, AppliesTo.BOTH):
            continue
        frozen.append(indicator)
    return frozen


def committee_values_get(*, viewer: Viewer, organisation_id: int, period: Period):
    """(committee, its values of `period` in any state but draft) for the province reviewing it; None otherwise."""
    if not viewer.can_review:
        return None
    organisation = network_list(viewer).filter(pk=organisation_id).first()
    if organisation is None:
        return None
    values = (
        ReportedValue.objects.filter(organisation=organisation, period=period)
        .exclude(status=ValueStatus.DRAFT).select_related("indicator").order_by("indicator__order", "indicator_id")
    )
    return organisation, list(values)
