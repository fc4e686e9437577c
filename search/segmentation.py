"""Chinese segmentation shared by both search backends.

Engine choice
-------------
``rjieba`` (Python binding of jieba-rs) is used when importable, ``jieba`` otherwise.
Introspection of rjieba 0.2.2 shows a ``Jieba`` class with ``add_word(word, freq, tag)``,
``has_word``, ``suggest_freq``, ``cut``, ``cut_for_search`` and ``tokenize`` — i.e. it
supports a user dictionary through ``add_word`` (it has no ``load_userdict``, so we read
``dictionary.txt`` ourselves and call ``add_word`` per term, which works identically on
both engines). It produces the same words as jieba on the same dictionary and is about
an order of magnitude faster (see ``benchmarks/segmentation.py``), so it is preferred.
Set ``CPPCC_SEGMENTER=jieba`` to force the pure-Python engine. We use a private
``rjieba.Jieba()`` / ``jieba.Tokenizer()`` instance, never the module-global one, so no
other code can change our dictionary.

The domain dictionary
---------------------
``search/dictionary.txt`` holds programme names and fixed political formulas
(有事来协商, 两个薄弱, 金点子, 委员协商议事厅, 双助兴业 …), one per line, optionally
followed by a frequency (``term`` or ``term 3000``). The same file feeds PostgreSQL and
Elasticsearch: both index the output of *this* module, so they see identical tokens.
Without the dictionary jieba splits 有事来协商 → 有事/来/协商 and cuts 双助兴业 into
双/助兴/业; with it, precise mode keeps them whole and search mode emits the whole term
plus its dictionary parts (有事, 协商, 有事来协商).

What gets indexed (``segmented``)
---------------------------------
``segmented(text)`` is the space-joined string Elasticsearch stores in its whitespace
analysed ``*_seg`` fields. It has two sections:

1. *character units* (``char_units``): every CJK character on its own, every run of
   other letters/digits as one lower-cased unit, in text order, punctuation and
   whitespace dropped. Their positions are consecutive, so a phrase is simply its units
   joined with ``<->`` (PostgreSQL) or a ``match_phrase`` (Elasticsearch). This makes any
   literal substring findable — "来协商", "协商议事" — not only what jieba calls a word.
   The units come first so that their positions stay exact (PostgreSQL clamps
   positions above 16383; word positions are never used for phrases).
2. *words* (``tokens_for_index``): jieba search mode — whole dictionary terms and their
   parts.

Highlighting is done on the original text (see ``search.query.highlight``), not on this
string.

PostgreSQL (``search.backends.postgres``) indexes the same units and words, with each
CJK character followed by another packed into their bigram (one token per unit, so
phrases stay exact) and the words of 3+ characters as lexemes of their own, plus the
*whole words* (``Segmenter.whole_words``: every dictionary word of 3+ Han characters found
as a substring, full mode's words), which make a dictionary word's lexeme exact; the
segmenter's ``fingerprint`` (engine, version, dictionary) says which index has them. The
database cannot run jieba, so the tsvector is built in Python. Known PostgreSQL limits: a lexeme
keeps at most 256 positions and positions above 16383 are clamped, so in very long
bodies a *phrase* whose bigrams are very frequent may be missed late in the text (term
matches are unaffected; Elasticsearch has no such limit).

All functions are deterministic (same input → same output; the dictionary is loaded once
under a lock before any segmentation) and thread-safe (after loading, only read-only
``cut`` calls are made). They never raise on user text: control characters and lone
surrogates are removed before segmentation.
"""

from __future__ import annotations

import functools
import hashlib
import operator
import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DICTIONARY_PATH",
    "Segmenter",
    "char_units",
    "dictionary_terms",
    "get_segmenter",
    "ik_dictionary_text",
    "load_dictionary",
    "normalize",
    "segmented",
    "segmented_tokens",
    "tokens_for_index",
    "tokens_for_query",
]

DICTIONARY_PATH = Path(__file__).with_name("dictionary.txt")
#: The domain thesaurus (``search.thesaurus``): its words of 3+ Han characters are whole
#: words too (``thesaurus_words``), so a synonym is an exact lexeme, not a phrase. They
#: are not given to jieba: added even as its rarest words, they changed how a quarter of
#: the seeds' lines are cut (高质量发展 kept whole); ``whole_words`` finds them itself.
THESAURUS_PATH = Path(__file__).with_name("thesaurus.txt")

#: Frequency given to a dictionary term without an explicit one, by length. Long terms
#: get a high one so jieba keeps them whole in running text; two-character terms a low
#: one, else e.g. 双助 (freq 500+) would cut 成双助力 into 成/双助/力 (checked on both
#: engines and on the seeds). A two-character term that loses to a common word beside
#: it gets its own frequency in the file: 界别 1000, else 发挥界别的作用 is cut 界/别的
#: (with it 世界/别的国家 stays, and 各界别委员 becomes 各/界别/委员).
def default_freq(term: str) -> int:
    if len(term) <= 2:
        return 20
    if len(term) == 3:
        return 2000
    return 20000


@dataclass(frozen=True)
class DictionaryEntry:
    term: str
    freq: int


# C0/C1 controls (except \t \n \v \f \r), soft hyphen, zero-width and bidi marks,
# word joiners, BOM and lone surrogates: replaced by a space before segmentation.
_CONTROLS = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\ufeff\ud800-\udfff]"
)


#: NFKC's own mapping of the full-width forms U+FF01–U+FF5E (，：；（）！？ …) to
#: ASCII. Chinese text is full of them, and each one made ``is_normalized`` fail and
#: the whole text go through ``unicodedata.normalize`` (benchmarks/README.md);
#: this regex does that part first (``str.translate`` with a dict is as slow as NFKC),
#: so most texts then pass the C-speed check.
_FULLWIDTH = re.compile("[\uff01-\uff5e]")


def _ascii_of(match: re.Match) -> str:
    return chr(ord(match.group()) - 0xFEE0)


def normalize(text: str | None) -> str:
    """NFKC (full-width letters/digits → ASCII), lower-case, controls removed.

    Control/format characters and lone surrogates are replaced by a space so that they
    can never reach the native segmenter (which needs valid UTF-8).
    """
    if not text:
        return ""
    if not isinstance(text, str):
        text = str(text)
    text = _CONTROLS.sub(" ", text)
    if not unicodedata.is_normalized("NFKC", text):  # a C-speed check: most text already is
        text = _FULLWIDTH.sub(_ascii_of, text)  # the same as NFKC does for these; see above
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
    return text.lower()


_ALNUM_RUN = re.compile(r"[^\W_]+")
#: What is no character unit (punctuation, spaces): dropped between units.
_NON_UNIT = re.compile(r"[\W_]+")
#: Han characters as both engines cut them (jieba's range; jieba-rs takes more).
_HAN_RUN = re.compile("[\u4e00-\u9fd5]+")
_HAN_WORD = re.compile("[\u4e00-\u9fd5]{3,}")


def _engine_version(engine: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(engine)
    except PackageNotFoundError:
        return "?"


def _clean_tokens(tokens: list[str]) -> list[str]:
    """Keep only letters and digits of segmenter tokens; a token with punctuation
    inside (e.g. '2022-2024') becomes its alphanumeric runs. jieba tokens never contain
    a space, so one regex pass over the joined tokens does it."""
    return _ALNUM_RUN.findall(" ".join(tokens))


# CJK ideographs, kana and hangul stand alone; runs of other letters/digits (Latin,
# Cyrillic, digits …) form one unit, like Elasticsearch's standard tokenizer.
_CJK = (
    "\u3005\u3007\u3021-\u3029\u3038-\u303b\u3040-\u30ff\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
_UNIT = re.compile(f"[{_CJK}]|[^\\W_{_CJK}]+")


def _char_units_normalized(norm: str) -> list[str]:
    return _UNIT.findall(norm)


def load_dictionary(path: Path | str = DICTIONARY_PATH) -> tuple[DictionaryEntry, ...]:
    """Parse ``term [freq]`` lines; blank lines and lines starting with '#' are skipped."""
    entries: dict[str, DictionaryEntry] = {}
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split()
            term = normalize(parts[0]).strip()
            if not term or not all(ch.isalnum() for ch in term):
                continue
            freq = default_freq(term)
            if len(parts) > 1 and parts[1].isdigit():
                freq = int(parts[1])
            entries.setdefault(term, DictionaryEntry(term, freq))
    return tuple(entries.values())


def thesaurus_words(path: Path | str | None = THESAURUS_PATH) -> tuple[str, ...]:
    """The thesaurus's words of 3+ Han characters, in file order (its format is
    ``search.thesaurus``'s: sets separated by commas, one-way rules by ``=>``; read here
    without that module, which builds on this one)."""
    if path is None or not Path(path).exists():
        return ()
    words: dict[str, None] = {}
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        for part in raw.split("#", 1)[0].replace("=>", ",").split(","):
            word = normalize(part).strip()
            if _HAN_WORD.fullmatch(word):
                words.setdefault(word)
    return tuple(words)


class Segmenter:
    """A jieba-compatible segmenter with the domain dictionary loaded; the thesaurus's
    long words that neither knows are whole words too (``whole_words``)."""

    def __init__(self, engine: str = "auto", dictionary_path: Path | str = DICTIONARY_PATH,
                 thesaurus_path: Path | str | None = THESAURUS_PATH):
        self.entries = load_dictionary(dictionary_path)
        terms = {e.term for e in self.entries}
        candidates = [w for w in thesaurus_words(thesaurus_path) if w not in terms]
        self.engine = self._choose(engine)
        if self.engine == "rjieba":
            import rjieba

            impl = rjieba.Jieba()
            for e in self.entries:
                impl.add_word(e.term, e.freq, None)
            self._cut = impl.cut
            self._cut_for_search = impl.cut_for_search
            self._cut_all = impl.cut_all  # every edge of the DAG: every dictionary word present
            self._has_word = impl.has_word
        else:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            impl = jieba.Tokenizer()
            impl.initialize()
            for e in self.entries:
                impl.add_word(e.term, e.freq)
            self._cut = lambda text: impl.lcut(text, HMM=True)
            self._cut_for_search = lambda text: impl.lcut_for_search(text, HMM=True)

            def cut_all(text: str) -> list[str]:
                # from the DAG itself: jieba's own full mode skips a one-word position
                # inside an earlier word when its first character alone is no word
                out = []
                for block in _HAN_RUN.findall(text):
                    for k, ends in impl.get_DAG(block).items():
                        out.extend(block[k:j + 1] for j in ends if j > k)
                return out

            self._cut_all = cut_all
            self._has_word = lambda w: impl.FREQ.get(w, 0) > 0
        self._impl = impl
        #: the thesaurus's words the dictionaries lack, by their first two characters
        self.rare = tuple(w for w in candidates if not self._has_word(w))
        self._rare_by_start: dict[str, list[str]] = {}
        for word in self.rare:
            self._rare_by_start.setdefault(word[:2], []).append(word)
        self._rare_set = frozenset(self.rare)
        self._rare_starts = frozenset(self._rare_by_start)
        self.terms = frozenset(e.term for e in self.entries)
        self._min_long = 4
        self._long_terms = frozenset(t for t in self.terms if len(t) >= self._min_long)
        self._max_long = max((len(t) for t in self._long_terms), default=0)
        self._expand_cached = functools.lru_cache(maxsize=65536)(self._expand_word)
        self._long_word = re.compile(r"\S{%d,}" % (self._min_long + 1))
        digest = hashlib.blake2b(digest_size=8)
        digest.update(self.engine.encode())
        digest.update(_engine_version(self.engine).encode())
        for e in self.entries:
            digest.update(f"{e.term}\t{e.freq}\n".encode())
        for word in self.rare:
            digest.update(f"{word}\tthesaurus\n".encode())
        #: Engine, its version and the domain dictionary: an index built with another
        #: fingerprint may lack whole words (``whole_words``) of this one.
        self.fingerprint = digest.hexdigest()

    @staticmethod
    def _choose(engine: str) -> str:
        engine = (engine or "auto").lower()
        if engine == "auto":
            engine = os.environ.get("CPPCC_SEGMENTER", "auto").lower()
        if engine == "auto":
            try:
                import rjieba  # noqa: F401

                return "rjieba"
            except ImportError:
                return "jieba"
        if engine not in ("rjieba", "jieba"):
            raise ValueError(f"unknown segmenter engine {engine!r}")
        return engine

    # -- public API ---------------------------------------------------------------
    def _index_joined(self, norm: str) -> str:
        """Space-joined search-mode words (regex passes, so the per-token work runs in C)."""
        joined = " ".join(_ALNUM_RUN.findall(" ".join(self._cut_for_search(norm))))
        if self._long_terms:
            # jieba's search mode only emits 2- and 3-character parts; also emit domain
            # terms of 4+ characters embedded in a longer word (社情民意 in 社情民意信息).
            joined = self._long_word.sub(self._expand_long_word, joined)
        return joined

    def _expand_long_word(self, match: re.Match) -> str:
        return self._expand_cached(match.group())

    def _expand_word(self, w: str) -> str:
        parts: list[str] = []
        for size in range(min(len(w) - 1, self._max_long), self._min_long - 1, -1):
            for i in range(len(w) - size + 1):
                part = w[i : i + size]
                if part in self._long_terms and part not in parts:
                    parts.append(part)
        if not parts:
            return w
        parts.append(w)
        return " ".join(parts)

    def tokens_for_index(self, text: str | None) -> list[str]:
        """Search-mode words: whole dictionary terms and their parts, in text order."""
        return self.index_words_normalized(normalize(text))

    def index_words_normalized(self, norm: str) -> list[str]:
        """``tokens_for_index`` of text already passed through ``normalize``."""
        return self._index_joined(norm).split() if norm.strip() else []

    def whole_words(self, norm: str) -> list[str]:
        """Every dictionary word of 3+ Han characters that occurs in normalised text, as a
        literal substring of its character units (punctuation and spaces between them
        ignored, as the index does): full mode's words, not only those search mode
        emits. Indexed, they make such a word's lexeme exact: a material has it iff the
        text is in it (``is_whole_word``). The thesaurus's words the dictionaries lack
        (``rare``) are found as substrings too."""
        compact = _NON_UNIT.sub("", norm)
        words = self._cut_all(compact)
        found = list(dict.fromkeys(filter(_HAN_WORD.fullmatch, (w for w in words if len(w) > 2))))
        if self.rare and len(compact) > 2:
            # the words starting with one of the text's bigrams (a set built in C), each
            # then looked for; in the thesaurus's order, so the output is deterministic
            starts = self._rare_starts.intersection(map(operator.add, compact[:-1], compact[1:]))
            hits = {w for start in starts for w in self._rare_by_start[start] if w in compact}
            if hits:
                seen = set(found)
                found.extend(w for w in self.rare if w in hits and w not in seen)
        return found

    def is_whole_word(self, text: str) -> bool:
        """A text ``whole_words`` always finds where it occurs."""
        return _HAN_WORD.fullmatch(text) is not None and (text in self._rare_set or bool(self._has_word(text)))

    def tokens_for_query(self, text: str | None) -> list[str]:
        """Precise-mode words: a typed term stays whole if the dictionary knows it."""
        norm = normalize(text)
        if not norm.strip():
            return []
        return _clean_tokens(self._cut(norm))

    def char_units(self, text: str | None) -> list[str]:
        return _char_units_normalized(normalize(text))

    def segmented_tokens(self, text: str | None) -> tuple[list[str], list[str]]:
        """``segmented(text)`` as its two token lists (char units, words), without the
        join and split in between (for building a tsvector)."""
        norm = normalize(text)
        if not norm.strip():
            return [], []
        return _char_units_normalized(norm), self._index_joined(norm).split()

    def segmented(self, text: str | None) -> str:
        norm = normalize(text)
        if not norm.strip():
            return ""
        units = " ".join(_char_units_normalized(norm))
        words = self._index_joined(norm)
        return f"{units} {words}" if units and words else units or words


_lock = threading.Lock()
_default: Segmenter | None = None


def get_segmenter() -> Segmenter:
    """The process-wide segmenter, created once (thread-safe, double-checked)."""
    global _default
    seg = _default
    if seg is None:
        with _lock:
            if _default is None:
                _default = Segmenter()
            seg = _default
    return seg


def tokens_for_index(text: str | None) -> list[str]:
    """Words to index: search mode (whole terms AND their parts), lower-cased Latin,
    punctuation and whitespace dropped."""
    return get_segmenter().tokens_for_index(text)


def tokens_for_query(text: str | None) -> list[str]:
    """Words of a user's term: precise mode, so a known term is looked up whole."""
    return get_segmenter().tokens_for_query(text)


def char_units(text: str | None) -> list[str]:
    """CJK characters one by one and Latin/digit runs, lower-cased; for phrases."""
    return _char_units_normalized(normalize(text))


def segmented(text: str | None) -> str:
    """The space-joined string to store: char units, then search-mode words.

    Elasticsearch: the value of
    the whitespace-analysed ``*_seg`` field.
    """
    return get_segmenter().segmented(text)


def segmented_tokens(text: str | None) -> tuple[list[str], list[str]]:
    """(char units, search-mode words): ``segmented(text).split()`` is their concatenation."""
    return get_segmenter().segmented_tokens(text)


def dictionary_terms() -> tuple[str, ...]:
    return tuple(e.term for e in load_dictionary())


def ik_dictionary_text() -> str:
    """The dictionary in IK's ext_dict format (one term per line, UTF-8, no frequency).

    Serve it to IK as ``remote_ext_dict`` or install it as a file under the IK config
    directory; only needed for the optional ``.ik`` sub-fields.
    """
    return "\n".join(dictionary_terms()) + "\n"
