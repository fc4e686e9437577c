"""Demo data of this app (see demo.services)."""


def demo_fill_network(organisations) -> None:
    """Called once after every demo committee exists; `organisations` maps slug to Organisation."""
