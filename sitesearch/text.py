"""How text becomes search terms, the same way for what is indexed and for what shoppers type.

Neither database does French on its own: PostgreSQL's `french` configuration stems plurals but keeps
accents ("pâtes" → 'pât', "pates" → 'pat'), SQLite's FTS5 tokenizer drops accents but knows nothing of
plurals ("boulangeries" never matches "boulangerie"). So the index holds accent-folded words plus a
crude singular "key" of each, and queries are reduced to the same keys: whatever the database does
next, both sides went through the same function and meet.
"""

import re
from html import unescape

from anyascii import anyascii
from django.utils.html import strip_tags

# What one query may ask for: more words only slow the query down without narrowing anything.
QUERY_MAX_TERMS = 8
TERM_MAX_LENGTH = 40
# Shorter words are never corrected, nor offered as a correction (selectors.search_terms_corrected).
CORRECTION_MIN_LENGTH = 4

_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII: accents, ligatures and typographic quotes reduced ("Œufs" → "oeufs")."""
    return anyascii(text).lower()


def words(text: str) -> list[str]:
    """The folded words of a text (HTML tags removed); single letters (elided l', d') are dropped."""
    found = _WORD.findall(fold(unescape(strip_tags(text))))
    return [word[:TERM_MAX_LENGTH] for word in found if len(word) > 1 or word.isdigit()]


def term_key(word: str) -> str:
    """A folded word's crude singular, identical for both numbers of most French nouns and adjectives.

    boulangeries/boulangerie → boulangerie, gâteaux/gâteau → gateau, journaux/journal → journau.
    Wrong for a few words (travaux), harmless for the rest: indexing and querying apply the same rule.
    """
    if len(word) <= 3 or word.isdigit():
        return word
    if (word.endswith("s") and not word.endswith("ss")) or word.endswith("x"):
        word = word[:-1]
    if len(word) > 3 and word.endswith("al"):
        word = word[:-1] + "u"
    return word


def index_terms(*texts: str) -> str:
    """What the index stores for some texts: each folded word followed by its key when they differ."""
    terms = []
    for text in texts:
        for word in words(text or ""):
            terms.append(word)
            key = term_key(word)
            if key != word:
                terms.append(key)
    return " ".join(terms)


def query_terms(query: str) -> list[str]:
    """The keys a query looks for, in the order typed, without repeats, at most QUERY_MAX_TERMS."""
    keys = []
    for word in words(query):
        key = term_key(word)
        if key not in keys:
            keys.append(key)
    return keys[:QUERY_MAX_TERMS]
