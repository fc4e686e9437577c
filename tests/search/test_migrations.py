"""Upgrading to golden ideas as a search source: golden_ideas.0003 queues every existing
idea of each committee in the shared outbox, so the next drain makes the shared ones
findable by other committees."""
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from search.backends.postgres import PostgresBackend
from search.models import OutboxEntry
from search.selectors import search
from search.services import index_pending
from tests.search.conftest import org, seen_by


def _migrate_golden_ideas(schema, name):
    connection.set_schema(schema)
    try:
        executor = MigrationExecutor(connection)
        executor.migrate([("golden_ideas", name)])
    finally:
        connection.set_schema_to_public()


@pytest.mark.django_db
def test_existing_ideas_are_queued_then_found_through_the_search():
    from tenants.golden_ideas.models import GoldenIdea, Sharing

    ideas = seen_by(org("ziyang"), lambda: {i.pk: (i.title, i.sharing) for i in GoldenIdea.objects.all()})
    shared = {pk for pk, (_title, sharing) in ideas.items() if sharing == Sharing.PLATFORM}
    assert shared and len(shared) < len(ideas)  # the demo shares some of 资阳's ideas, not all
    # Given an index that never held them (as before golden ideas were a source)
    PostgresBackend().clear()
    OutboxEntry.objects.all().delete()
    _migrate_golden_ideas("ziyang", "0002_goldenidea_sharing")
    assert not OutboxEntry.objects.exists()  # going back queues nothing
    # When the migration runs in 资阳's schema
    _migrate_golden_ideas("ziyang", "0003_index_existing_ideas")
    # Then every idea of 资阳 waits in the outbox, by (kind, schema, id)
    assert sorted(OutboxEntry.objects.values_list("kind", "schema_name", "object_id")) == [
        ("golden_idea", "ziyang", pk) for pk in sorted(ideas)]
    # and once drained, another committee finds the platform-shared ones, not the others
    assert index_pending() == len(ideas)
    found = {h.id for h in seen_by(org("jinhua"), search, "", filters={"kind": ["golden_idea"]},
                                   page_size=100).hits if h.schema == "ziyang"}
    assert found == shared  # 金华 is in another province: the platform-shared ones only
