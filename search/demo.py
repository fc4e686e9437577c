"""Demo data of this app (see demo.services).

The index holds no demo data of its own: the materials' demo queues every material
through the outbox; this drains it, so the demo is searchable at once even when no
Celery worker runs.
"""


def demo_fill_network(organisations) -> None:
    """Called once after every demo committee exists; `organisations` maps slug to Organisation."""
    from search.services import index_pending

    index_pending()
