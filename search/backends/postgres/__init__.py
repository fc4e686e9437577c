"""The embedded backend: PostgreSQL full-text search over segmented Chinese.

What is indexed (``search_entry``, narrow; the texts are in ``search_text``):

* ``vector``: one token per character unit of title and body, a CJK character followed
  by another as their *bigram* (``unit_tokens``), so a phrase is its bigrams adjacent and
  GIN's AND of them is already close to the true hits; the search-mode words of 3+
  characters (乡村振兴, 有事来协商) as lexemes of their own; and *markers* without
  positions (``~vplatform``, ``~p12``, ``~y2024`` …: visibility, organisation, level,
  province, year, the date's year ``~d2024``, hashed occasion and themes).
  ``title_vector``: the same for the title.
* Built in Python (``tsvector_text``) and sent as ``::tsvector`` literals: PostgreSQL's
  parser would cost more, and takes a run of Chinese as one token.

The modules, in reading order: ``tokens`` (a text's index tokens and its tsvector
literal), ``compile`` (a parsed query as tsqueries), ``markers`` (visibility and facets
as lexemes), ``walk`` (newest-first pages year by year), ``facets`` (counts in one
pass), ``backend`` (``PostgresBackend``: writes and searches; its tuning constants).
"""
from search.backends.postgres.backend import PostgresBackend
from search.backends.postgres.compile import (
    PgQuery,
    clause_tsquery,
    pg_query,
    pg_tsquery,
    substring_tsquery,
)
from search.backends.postgres.markers import markers
from search.backends.postgres.tokens import (
    index_streams,
    long_words,
    text_unit_tokens,
    tsvector_text,
    unit_tokens,
    whole_words,
)

__all__ = [
    "PgQuery", "PostgresBackend", "clause_tsquery", "index_streams", "long_words", "markers",
    "pg_query", "pg_tsquery", "substring_tsquery", "text_unit_tokens", "tsvector_text",
    "unit_tokens", "whole_words",
]
