"""Two reviewers acting at once, on the real database with two connections: one transition only.

Threads need committed rows (each has its own connection), so this test writes
a selection of its own into 资阳's committed schema and deletes it afterwards.
"""
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import schema_context

from accounts.models import User

YEAR = 2041


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    from tenants.golden_ideas.models import Selection

    with django_db_blocker.unblock():
        with schema_context("ziyang"):
            Selection.objects.filter(year=YEAR).delete()
        yield
        with schema_context("ziyang"):
            Selection.objects.filter(year=YEAR).delete()
        connection.set_schema_to_public()


def _race(action, count: int = 2) -> list:
    """Run `action()` in `count` threads released together; return each result or exception."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i):
        from django.db import connection as thread_connection

        try:
            thread_connection.set_schema("ziyang")
            barrier.wait()
            results[i] = action()
        except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
            results[i] = error
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_admins_shortlisting_the_same_idea_at_once_make_exactly_one_transition(committed):
    from tenants.golden_ideas.models import GoldenIdea, StageChange
    from tenants.golden_ideas.services import idea_advance, idea_recommend, review_submit
    from tests.tenants.golden_ideas.conftest import form_values, open_selection

    admin = User.objects.get(username="ziyang_admin")
    staff = User.objects.get(username="ziyang_staff")
    with schema_context("ziyang"):
        selection = open_selection(year=YEAR)
        ideas = []
        for i in range(5):
            idea = idea_recommend(actor=staff, selection=selection, **form_values(title=f"并发测试{i}"))
            review_submit(actor=admin, idea=idea, political=8, innovative=8, effective=8, opinion="可")
            ideas.append(idea)
    for idea in ideas:  # five rounds, each a fresh race on one idea
        results = _race(lambda: idea_advance(actor=admin, idea_id=idea.pk, to_stage="shortlisted", opinion="入围"))
        done = [r for r in results if isinstance(r, GoldenIdea)]
        refused = [r for r in results if isinstance(r, ValidationError)]
        assert len(done) == 1 and len(refused) == 1, results
        assert "当前处于“初选”阶段" in refused[0].messages[0]
    with schema_context("ziyang"):
        assert set(GoldenIdea.objects.filter(selection=selection).values_list("stage", flat=True)) == {"shortlisted"}
        for idea in ideas:
            assert list(StageChange.objects.filter(idea=idea).values_list("to_stage", flat=True)) == [
                "recommended", "shortlisted"]


def test_two_approvals_racing_for_the_last_place_under_the_cap_let_one_through(committed):
    from tenants.golden_ideas.models import GoldenIdea
    from tenants.golden_ideas.services import idea_advance, idea_recommend, review_submit
    from tests.tenants.golden_ideas.conftest import form_values, open_selection

    admin = User.objects.get(username="ziyang_admin")
    staff = User.objects.get(username="ziyang_staff")
    with schema_context("ziyang"):
        selection = open_selection(year=YEAR, cap=1)
        ideas = []
        for i in range(2):
            idea = idea_recommend(actor=staff, selection=selection, **form_values(title=f"上限并发{i}"))
            review_submit(actor=admin, idea=idea, political=8, innovative=8, effective=8, opinion="可")
            idea_advance(actor=admin, idea_id=idea.pk, to_stage="shortlisted", opinion="入围")
            ideas.append(idea)
    pending = list(ideas)
    results = _race(lambda: idea_advance(actor=admin, idea_id=pending.pop().pk, to_stage="approved", opinion="同意"))
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1, results
    assert refused[0].messages == [f"{YEAR} 年度审定、表扬的金点子已达上限 1 件，不能再审定。"]
    with schema_context("ziyang"):
        assert GoldenIdea.objects.filter(selection=selection, stage="approved").count() == 1
