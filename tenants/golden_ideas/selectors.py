"""Reads of the 金点子 selection (the active schema is the committee)."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, F, QuerySet

from search.contract import VISIBILITY_DRAFT, VISIBILITY_PLATFORM, VISIBILITY_PROVINCE

from tenants.golden_ideas.models import (
    CAPPED_STAGES, STAGE_ORDER, Category, GoldenIdea, Review, Selection, Sharing, Stage, StageChange,
)


def selection_list() -> QuerySet[Selection]:
    return Selection.objects.annotate(idea_count=Count("ideas")).order_by("-year")


def selection_current() -> Selection | None:
    """The newest year's selection, if any."""
    return Selection.objects.order_by("-year").first()


def category_list(*, active_only: bool = False) -> QuerySet[Category]:
    categories = Category.objects.all()
    return categories.filter(active=True) if active_only else categories


def idea_list(*, selection: Selection | None = None, stage: str | None = None) -> QuerySet[GoldenIdea]:
    ideas = (
        GoldenIdea.objects.select_related("selection", "category", "unit")
        .annotate(
            review_count=Count("reviews"),
            average_score=Avg(F("reviews__political") + F("reviews__innovative") + F("reviews__effective")),
        )
    )
    if selection is not None:
        ideas = ideas.filter(selection=selection)
    if stage:
        ideas = ideas.filter(stage=stage)
    return ideas.order_by("category__order", "-average_score", "id")


def review_list(*, idea: GoldenIdea) -> QuerySet[Review]:
    return Review.objects.filter(idea=idea).order_by("created_at", "id")


def stage_change_list(*, idea: GoldenIdea) -> QuerySet[StageChange]:
    return StageChange.objects.filter(idea=idea).order_by("at", "id")


@dataclass(frozen=True)
class BoardColumn:
    stage: Stage
    ideas: list
    deadline: object

    @property
    def count(self) -> int:
        return len(self.ideas)


@dataclass(frozen=True)
class Board:
    selection: Selection
    columns: list[BoardColumn]
    capped_count: int

    @property
    def cap_left(self) -> int:
        return max(self.selection.cap - self.capped_count, 0)


def board_get(*, selection: Selection) -> Board:
    """The selection's ideas per stage, with each stage's deadline and the count against the cap."""
    by_stage: dict[str, list] = {stage: [] for stage in STAGE_ORDER}
    for idea in idea_list(selection=selection):
        by_stage[idea.stage].append(idea)
    columns = [
        BoardColumn(stage=Stage(stage), ideas=by_stage[stage], deadline=selection.deadline_for(stage))
        for stage in STAGE_ORDER
    ]
    capped = sum(len(by_stage[stage]) for stage in CAPPED_STAGES)
    return Board(selection=selection, columns=columns, capped_count=capped)


def commendation_list(*, selection: Selection) -> QuerySet[GoldenIdea]:
    """Ideas approved by the chair meeting or commended, in category order."""
    return idea_list(selection=selection).filter(stage__in=CAPPED_STAGES)


# --- the contract with the search index (search.sources) --------------------------

#: an idea's sharing → the index's visibility level, whose rule (search.visibility.RULE)
#: says who finds it: unshared = its committee only
SHARING_VISIBILITY = {Sharing.COMMITTEE: VISIBILITY_DRAFT, Sharing.PROVINCE: VISIBILITY_PROVINCE,
                      Sharing.PLATFORM: VISIBILITY_PLATFORM}


def idea_documents(ids: list[int]) -> list:
    """What the index stores for these ideas of the active committee (missing ids: deleted)."""
    from django.db import connection

    from search.contract import IndexedDocument
    from tenancy.selectors import organisation_current

    organisation = organisation_current()
    ideas = GoldenIdea.objects.filter(id__in=list(ids)).select_related("category", "unit")
    return [
        IndexedDocument(
            id=idea.id, title=idea.title, body=idea.reason, author=idea.unit.name if idea.unit_id else "",
            organisation_id=organisation.pk, organisation_name=organisation.name, level=organisation.level,
            province_id=organisation.province_id, year=idea.filed_on.year if idea.filed_on else None,
            published_on=idea.filed_on, themes=(idea.category.name,) if idea.category_id else (),
            occasion="", visibility=SHARING_VISIBILITY[idea.sharing], kind="golden_idea",
            schema=connection.schema_name,
        )
        for idea in ideas
    ]


def idea_ids_all() -> list[int]:
    """Every idea id of the active committee (for `reindex`)."""
    return list(GoldenIdea.objects.order_by("id").values_list("id", flat=True))


def idea_similar_elsewhere(idea: GoldenIdea, *, limit: int = 5) -> list:
    """Golden ideas of other committees like this one, that the active committee may see
    (shared with its province or the platform), as search hits."""
    from django.db import connection

    from search.contract import DocumentKey
    from search.selectors import related

    return related(DocumentKey("golden_idea", connection.schema_name, idea.pk), limit=limit,
                   kind="golden_idea", others_only=True)
