"""The forms names are compared in: :func:`key` folds what people don't type the same way twice, and
:func:`variants` gives the other ways a service's name is commonly written.

Pure string functions (no rdflib): the compiler uses them to find the line stating a relationship,
the resolver to match what a person types, the map's search box through the keys it is given.
"""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " ", "&": " and "})
_STOP = {"the"}

# Service-name families: a name ending in one member is also known by the others.
FAMILIES: tuple[tuple[str, ...], ...] = (
    ("police service", "police force", "constabulary", "police"),
    ("fire and rescue service", "fire rescue service", "fire service", "fire and rescue", "fire", "frs"),
    ("fire and rescue authority", "fire authority", "fra"),
    (
        "ambulance service nhs foundation trust",
        "ambulance service nhs trust",
        "ambulance nhs foundation trust",
        "ambulance nhs trust",
        "ambulance service trust",
        "ambulance service",
        "ambulance trust",
        "ambulance",
    ),
)
#: The kinds of thing looked up by name (posts, figures, excerpts ... answer to their IRI or id only).
NAMED_KINDS = (
    "organisation",
    "body",
    "person",
    "area",
    "initiative",
    "scheme",
    "site",
    "document",
    "work stream",
    "theme",
    "section",
    "fund",
)
_PCC = re.compile(r"(?:office of )?(?:the )?police and crime commissioner (?:for|of) (.+)")


def key(text: str) -> str:
    """``text`` with case, accents, quotes, punctuation, "&" (as "and") and the word "the" folded away.

    >>> key("  The Chief Fire Officers’ Association (CFOA) ")
    'chief fire officers association cfoa'
    >>> key("Fire & Rescue"), key("Kent's joint control room")
    ('fire and rescue', 'kents joint control room')
    """
    text = " ".join(str(text).translate(_FOLD).split())  # every kind of white space, line separators included
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", re.sub(r"'s\b", "s", text.casefold())).split()
    return " ".join(w for w in words if w not in _STOP)


def variants(name: str) -> set[str]:
    """Keys of the other ways people write ``name`` (``key(name)`` itself excluded).

    A bracketed abbreviation stands alone and the name without it; a service name's ending is
    swapped for the others of its family; a PCC office is also "AREA PCC" and "OPCC for AREA".

    >>> sorted(variants("Metropolitan Police Service"))[:3]
    ['metropolitan constabulary', 'metropolitan police', 'metropolitan police force']
    >>> sorted(variants("Joint Response Unit (JRU)"))
    ['joint response unit', 'jru']
    >>> "kent pcc" in variants("Police and Crime Commissioner for Kent")
    True
    """
    found: set[str] = {key(inner) for inner in re.findall(r"\(([^()]+)\)", name)}
    bare = key(re.sub(r"\([^()]*\)", " ", name))
    found.add(bare)
    for base in {key(name), bare}:
        for family in FAMILIES:
            ending = next((e for e in family if base.endswith(" " + e)), None)
            if ending is not None:
                stem = base[: -len(ending)].strip()
                found.update(f"{stem} {other}" for other in family)
        pcc = _PCC.fullmatch(base)
        if pcc:
            area = pcc.group(1)
            found.update({f"{area} pcc", f"{area} police and crime commissioner", f"opcc for {area}", f"pcc for {area}", f"{area} opcc"})
    return found - {key(name), ""}
