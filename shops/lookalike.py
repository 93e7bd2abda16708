"""Names that look like another: a "skeleton" in the spirit of Unicode's confusables (UTS #39), small and local.

"Bоulangerie Dupont" with a Cyrillic о, "B0ulangerie Dupont" with a zero, or "Boulangerie\u200b Dupont"
with a zero-width space look the same as the real shop's name on screen. Two names with the same
skeleton are look-alikes: the CCI's review screen flags a new shop whose name imitates an existing one.
"""

import unicodedata

# Letters of other scripts (Cyrillic, Greek, Armenian, Latin extensions) drawn like Latin ones, and the digits
# and signs used in place of letters; uppercase forms are reached through casefold() first.
_CONFUSABLES = str.maketrans(
    {
        **dict.fromkeys("аɑα", "a"),
        **dict.fromkeys("вьβ", "b"),
        **dict.fromkeys("сϲ", "c"),
        **dict.fromkeys("ԁ", "d"),
        **dict.fromkeys("еєε", "e"),
        **dict.fromkeys("ɡ", "g"),
        **dict.fromkeys("һнη", "h"),
        **dict.fromkeys("іιїı1|ӏ", "l"),
        **dict.fromkeys("ј", "j"),
        **dict.fromkeys("кκ", "k"),
        **dict.fromkeys("м", "m"),
        **dict.fromkeys("ոп", "n"),
        **dict.fromkeys("оοσ0օ", "o"),
        **dict.fromkeys("рρ", "p"),
        **dict.fromkeys("ԛ", "q"),
        **dict.fromkeys("ѕ", "s"),
        **dict.fromkeys("тτ", "t"),
        **dict.fromkeys("υս", "u"),
        **dict.fromkeys("νѵ", "v"),
        **dict.fromkeys("ԝω", "w"),
        **dict.fromkeys("хχ", "x"),
        **dict.fromkeys("уүγ", "y"),
        **dict.fromkeys("ᴢ", "z"),
    }
)
# After the letters above: "i" and "l" (and "1", "|") are one shape, as are "rn" and "m", "vv" and "w".
_SEQUENCES = (("i", "l"), ("rn", "m"), ("vv", "w"))


def name_skeleton(name: str) -> str:
    """What a name looks like: compatibility forms folded (full-width, ligatures), invisible characters
    dropped, case and accents ignored, look-alike letters of other scripts read as Latin, punctuation
    and spaces gone."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    text = text.casefold().translate(_CONFUSABLES)
    text = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    text = "".join(char for char in text if char.isalnum())
    for sequence, shape in _SEQUENCES:
        text = text.replace(sequence, shape)
    return text


def name_scripts(name: str) -> list[str]:
    """The writing systems of a name's letters (LATIN, CYRILLIC, GREEK…), in order of appearance."""
    scripts = []
    for char in name:
        if char.isalpha():
            script = unicodedata.name(char, "UNKNOWN").split(" ")[0]
            if script not in scripts:
                scripts.append(script)
    return scripts
