"""Finnish-aware text helpers for search: compound-word parts for the index.

PostgreSQL's `finnish` Snowball stemmer handles inflection but does not split compounds:
"mielenterveysyhdistys" is one lexeme. For the index we add the known parts of compound words
(from a small domain vocabulary) to `Organisation.search_extra`, so a search for a part finds
the whole.
"""

from __future__ import annotations

import re

# Word parts common in the names and texts of social and health associations (base forms).
PARTS = sorted(
    {
        "aivo",
        "apu",
        "asukas",
        "avain",
        "diabetes",
        "eläke",
        "eläkeläis",
        "elämä",
        "hoitaja",
        "hoito",
        "huolto",
        "hyvinvointi",
        "ikä",
        "ihminen",
        "invalidi",
        "järjestö",
        "keho",
        "kerho",
        "kirkko",
        "koti",
        "kumppanuus",
        "kuntoutus",
        "kylä",
        "lapsi",
        "lapsiperhe",
        "liikunta",
        "liitto",
        "mieli",
        "mielenterveys",
        "muisti",
        "näkö",
        "nuori",
        "nuoriso",
        "omainen",
        "omais",
        "perhe",
        "päihde",
        "palvelu",
        "potilas",
        "ryhmä",
        "sairaus",
        "sairas",
        "seura",
        "setlementti",
        "sosiaali",
        "sydän",
        "syöpä",
        "talo",
        "terveys",
        "toiminta",
        "tuki",
        "tupa",
        "työ",
        "vammainen",
        "vammais",
        "vanhus",
        "vapaaehtois",
        "vertais",
        "vertaistuki",
        "yhdistys",
        "yhteisö",
        "kuulo",
        "reuma",
        "allergia",
        "astma",
        "mielenterveysyhdistys",
        "kohtaamis",
        "paikka",
        "keskus",
        "pelastus",
        "palokunta",
    },
    key=len,
    reverse=True,
)
WORD_RE = re.compile(r"[a-zåäöA-ZÅÄÖ]+")


def split_compound(word: str) -> list[str]:
    """Known parts found inside a long word, longest first; [] for a plain word."""
    word = word.lower()
    if len(word) < 8:
        return []
    found = []
    for part in PARTS:
        if part != word and part in word and len(part) >= 3:
            found.append(part)
    return found


def index_terms(*texts: str) -> str:
    """Extra words for the full-text index: the parts of compound words in the texts."""
    extra: list[str] = []
    seen: set[str] = set()
    for text in texts:
        for word in WORD_RE.findall(text or ""):
            for part in split_compound(word):
                if part not in seen:
                    seen.add(part)
                    extra.append(part)
    return " ".join(extra)
