"""Finnish-aware text search shared by every app: query parsing, word variants, base forms,
compound parts, folding of å/ä/ö, curated synonyms and the text-search configuration of each
portal language.

PostgreSQL's Snowball stemmers handle inflection but do not split Finnish compounds
("mielenterveysyhdistys" is one lexeme) nor undo consonant gradation ("yhdistyksen"). The index
side (`index_terms`) therefore adds the known parts of compound words and the å/ä/ö-less forms of
words to an entry's keywords; the query side (`parse_query`) adds base forms, the distinctive
parts of a compound and the Finnish words a curated synonym stands for.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from portal.lib.translation import language_codes

# PostgreSQL text-search configuration of each portal language (settings.LANGUAGES).
TEXT_SEARCH_CONFIGS = {"fi": "finnish", "sv": "swedish", "en": "english"}


def language_configs() -> list[str]:
    """The configurations of the portal's languages, in settings order."""
    return [TEXT_SEARCH_CONFIGS[code] for code in language_codes() if code in TEXT_SEARCH_CONFIGS]


# --- Compound parts (index side) ---------------------------------------------------------------

# Word parts common in the names and texts of social and health associations (base forms).
PARTS = sorted(
    {
        "aivo", "apu", "asukas", "avain", "diabetes", "eläke", "eläkeläis", "elämä", "hoitaja",
        "hoito", "huolto", "hyvinvointi", "ikä", "ihminen", "invalidi", "järjestö", "keho",
        "kerho", "kirkko", "koti", "kumppanuus", "kuntoutus", "kylä", "lapsi", "lapsiperhe",
        "liikunta", "liitto", "mieli", "mielenterveys", "muisti", "näkö", "nuori", "nuoriso",
        "omainen", "omais", "perhe", "päihde", "palvelu", "potilas", "ryhmä", "sairaus",
        "sairas", "seura", "setlementti", "sosiaali", "sydän", "syöpä", "talo", "terveys",
        "toiminta", "tuki", "tupa", "työ", "vammainen", "vammais", "vanhus", "vapaaehtois",
        "vertais", "vertaistuki", "yhdistys", "yhteisö", "kuulo", "reuma", "allergia", "astma",
        "mielenterveysyhdistys", "kohtaamis", "paikka", "keskus", "pelastus", "palokunta",
    },
    key=len,
    reverse=True,
)  # fmt: skip

# Parts that say what kind of body something is, not what it is about: they never carry a match
# alone when they are part of a longer word or phrase ("syöpäyhdistys" is about cancer).
GENERIC_WORDS = frozenset(
    {
        "yhdistys", "ry", "rf", "seura", "liitto", "järjestö", "säätiö", "sr", "kerho", "piiri",
        "keskus", "toiminta", "ryhmä", "yhteisö", "förening", "föreningen", "förbund",
        "association", "society", "club", "foundation",
    }
)  # fmt: skip
WORD_RE = re.compile(r"[a-zåäöA-ZÅÄÖ]+")


def split_compound(word: str) -> list[str]:
    """Known parts found inside a long word, longest first; [] for a plain word."""
    return list(_split_compound(word.lower()))


@lru_cache(maxsize=20_000)
def _split_compound(word: str) -> tuple[str, ...]:
    if len(word) < 8:
        return ()
    return tuple(part for part in PARTS if part != word and part in word and len(part) >= 3)


def fold(text: str) -> str:
    """The text without diacritics, as typed on a keyboard without å, ä, ö: "Äänekoski" →
    "Aanekoski" (like PostgreSQL's unaccent)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def index_terms(*texts: str) -> str:
    """Extra words for the full-text index: the parts of compound words in the texts, and the
    folded form of every word with å, ä or ö, so "paihde" finds "päihde"."""
    extra: list[str] = []
    seen: set[str] = set()
    for text in texts:
        for word in WORD_RE.findall(text or ""):
            lowered = word.lower()
            words = list(_split_compound(lowered))
            folded = fold(lowered)
            if folded != lowered:
                words.append(folded)
                words += [fold(part) for part in _split_compound(lowered) if fold(part) != part]
            for item in words:
                if item not in seen:
                    seen.add(item)
                    extra.append(item)
    return " ".join(extra)


# --- Query parsing -----------------------------------------------------------------------------

MAX_QUERY_WORDS = 8
QUERY_WORD_RE = re.compile(r"[0-9a-zåäöéüA-ZÅÄÖÉÜ]+")

# Finnish inflected endings the Snowball stemmer leaves with consonant gradation, rewritten to a
# base form that is searched as well: "yhdistyksen" → "yhdistys", "kristillisen" → "kristillinen".
FINNISH_BASE_FORMS = [
    ("isten", "inen"), ("isien", "inen"), ("isen", "inen"), ("iset", "inen"),
    ("isia", "inen"), ("isiä", "inen"),
    # The genitive plural of words in -s: yhdistysten, päätösten, vanhusten → -s.
    ("sten", "s"),
    ("ksien", "s"), ("ksiin", "s"), ("ksissa", "s"), ("ksissä", "s"), ("ksista", "s"),
    ("ksistä", "s"), ("ksille", "s"), ("ksen", "s"), ("kset", "s"), ("ksia", "s"),
    ("ksiä", "s"), ("ksessa", "s"), ("ksessä", "s"), ("ksesta", "s"), ("ksestä", "s"),
    ("kselle", "s"), ("ksella", "s"), ("ksellä", "s"),
]  # fmt: skip


def query_words(q: str) -> list[str]:
    return [w.lower() for w in QUERY_WORD_RE.findall(q)][:MAX_QUERY_WORDS]


FINNISH_VOWELS = frozenset("aeiouyäöå")


def finnish_base_form(word: str) -> str | None:
    for ending, base in FINNISH_BASE_FORMS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + base
    return None


def word_variants(word: str, *, weight: str = "") -> list[tuple[str, str]]:
    """(raw tsquery text, configuration) pairs of one word: every language, stemmed by
    PostgreSQL, as a prefix when long enough, plus a Finnish base form when one is known.

    to_tsquery('finnish', 'muistisairaiden:*') stems the word ('muistisair':*), so inflected
    and compound forms that start with the stem match ("muistisairaus", "vertaistukiryhmä").
    """
    prefix = ":*" if len(word) >= 3 else ""
    suffix = (prefix or ":") + weight if weight else prefix
    variants = [(word, config) for config in language_configs()]
    base = finnish_base_form(word)
    if base:
        variants.append((base, "finnish"))
    stem = base or word
    if len(stem) >= 5 and stem.endswith("s") and stem[-2] in FINNISH_VOWELS:
        # A nominative in -s inflects on a -ks- stem: "päätös" finds "päätökset", "päätöksen".
        variants.append((stem[:-1] + "ks", "finnish"))
    return [(f"{text}{suffix}", config) for text, config in variants]


def distinctive_parts(word: str) -> list[str]:
    """The parts of a compound that say what it is about, when it ends in a generic part:
    "syöpäyhdistys" → ["syöpä"]; [] for a word without a known generic part."""
    base = finnish_base_form(word) or word
    parts = split_compound(base)
    if not any(part in GENERIC_WORDS for part in parts):
        return []
    specific = [p for p in parts if p not in GENERIC_WORDS]
    # The longest parts only: "mielenterveys", not also "terveys" inside it.
    return [p for p in specific if not any(p != other and p in other for other in specific)]


@dataclass(frozen=True)
class QueryWord:
    """One searched word (or a phrase a synonym names), as the visitor typed it, and the
    alternatives that match for it: its distinctive compound parts and the Finnish words a
    synonym stands for."""

    text: str
    tokens: tuple[str, ...]
    parts: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    generic: bool = False

    @property
    def typo_word(self) -> str:
        """What the typo-tolerant name match compares: the distinctive part of a compound
        ("syöpä" of "syöpäyhdistys"), never its generic tail."""
        return self.parts[0] if len(self.parts) == 1 else self.text


@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[QueryWord, ...] = field(default_factory=tuple)

    @property
    def texts(self) -> list[str]:
        return [w.text for w in self.words]

    @property
    def meaningful(self) -> tuple[QueryWord, ...]:
        """The words that may carry a partial match alone: not the generic ones, unless
        nothing else was typed."""
        specific = tuple(w for w in self.words if not w.generic)
        return specific or self.words


def parse_query(q: str) -> ParsedQuery:
    tokens = query_words(q)
    words: list[QueryWord] = []
    i = 0
    while i < len(tokens):
        match = _synonym_at(tokens, i)
        if match:
            length, targets = match
            span = tuple(tokens[i : i + length])
            words.append(QueryWord(text=" ".join(span), tokens=span, synonyms=targets))
            i += length
            continue
        token = tokens[i]
        words.append(
            QueryWord(
                text=token,
                tokens=(token,),
                parts=tuple(distinctive_parts(token)),
                generic=token in GENERIC_WORDS or (finnish_base_form(token) in GENERIC_WORDS),
            )
        )
        i += 1
    return ParsedQuery(words=tuple(words))


# --- Curated synonyms (search/synonyms.json) ----------------------------------------------------

SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms.json"
MAX_PHRASE = 3


@cache
def synonym_patterns() -> list[tuple[tuple[str, ...], bool, tuple[str, ...]]]:
    """(folded pattern words, is a prefix, Finnish words searched for it), longest first."""
    data = json.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))
    patterns = []
    for group in data["groups"]:
        targets = tuple(group["search"])
        for words in group["words"].values():
            for pattern in words:
                prefix = pattern.endswith("*")
                parts = tuple(fold(pattern.rstrip("*").lower()).split())
                patterns.append((parts, prefix, targets))
    return sorted(patterns, key=lambda p: (-len(p[0]), -sum(map(len, p[0]))))


def _synonym_at(tokens: list[str], i: int) -> tuple[int, tuple[str, ...]] | None:
    folded = [fold(t) for t in tokens[i : i + MAX_PHRASE]]
    for parts, prefix, targets in synonym_patterns():
        n = len(parts)
        if n > len(folded):
            continue
        head, last = folded[: n - 1], folded[n - 1]
        if list(parts[:-1]) != head:
            continue
        if last == parts[-1] or (prefix and last.startswith(parts[-1])):
            # A synonym that is itself one of its targets adds nothing.
            if n == 1 and tokens[i] in targets:
                return None
            return n, targets
    return None
