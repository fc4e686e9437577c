"""Rows carrying a marker text, for the tenant-isolation check (tests/isolation/checks.py).

Use tests.isolation.checks.MARKER_ID as the id of every marker row.
"""


def plant_markers(text: str) -> None:
    """Write this app's marker rows (containing `text`) into the active schema."""
