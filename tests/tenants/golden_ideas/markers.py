"""Rows carrying a marker text, for the tenant-isolation check (tests/isolation/checks.py).

Use tests.isolation.checks.MARKER_ID as the id of every marker row.
"""
import datetime as dt


def plant_markers(text: str) -> None:
    """Write this app's marker rows (containing `text`) into the active schema."""
    from tenants.golden_ideas.models import Category, GoldenIdea, Review, Selection, StageChange
    from tenants.structure.models import Unit
    from tests.isolation.checks import MARKER_ID

    unit = Unit.objects.filter(id=MARKER_ID).first() or Unit.objects.create(id=MARKER_ID, name=f"{text}委室")
    category = Category.objects.create(id=MARKER_ID, name=f"{text}类别", scope=text, responsible=text)
    selection = Selection.objects.create(
        id=MARKER_ID, year=2099, recommend_deadline=dt.date(2099, 12, 10),
        shortlist_deadline=dt.date(2099, 12, 20), approve_deadline=dt.date(2099, 12, 31),
    )
    idea = GoldenIdea.objects.create(
        id=MARKER_ID, selection=selection, title=f"{text}金点子", category=category, unit=unit,
        applicant=f"{text}委员", applicant_kind="member", contact_name=text, contact_phone="13800000000",
        reason=text, unit_head_name=text, unit_head_confirmed=True, filed_on=dt.date(2099, 12, 1),
        preliminary_opinion=text, chair_opinion=text,
    )
    Review.objects.create(id=MARKER_ID, idea=idea, reviewer_id=MARKER_ID, reviewer_name=f"{text}评审人",
                          political=9, innovative=9, effective=9, opinion=text)
    StageChange.objects.create(id=MARKER_ID, idea=idea, to_stage="recommended", actor_name=f"{text}操作人", note=text)
    # unshared, in the shared index: only this committee may find it (search page, API)
    from search.services import documents_index
    from tenants.golden_ideas.selectors import idea_documents

    documents_index(idea_documents([MARKER_ID]))
