"""The judged query set: every query with its kind and graded materials.

Corpus: the demo materials (shared/materials/demo_texts.py), the speeches of seed 001
(split by shared.materials.splitting), seeds 000 (split at its attachments), 002 and 003
(search/relevance/seeds.py), and the project's own exchange materials
(search/relevance/corpus/). Materials are named by title. Grades: 3 = what the query is
about, 2 = substantially about it, 1 = touches it; unjudged materials count as 0.

Judged by reading the materials, before any ranking work and never from search output.
``QUERIES`` holds them with their kinds (search.relevance.kinds); ``JUDGED`` is the plain
``{query: {title: grade}}`` the first version exported, kept for its importers.
"""
from search.relevance.judged_literal import LITERAL
from search.relevance.judged_mixed import EXCLUSIONS, MULTI, SYNONYMS
from search.relevance.judged_questions import QUESTIONS
from search.relevance.kinds import KINDS, Judged

QUERIES: list[Judged] = [*LITERAL, *QUESTIONS, *SYNONYMS, *EXCLUSIONS, *MULTI]

JUDGED: dict[str, dict[str, int]] = {j.query: j.grades for j in QUERIES}

__all__ = ["JUDGED", "KINDS", "QUERIES", "Judged"]
