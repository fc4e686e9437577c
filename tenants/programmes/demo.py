"""Demo data of this app (see demo.services)."""


def demo_fill(organisation) -> None:
    """Called inside each demo committee's schema."""
