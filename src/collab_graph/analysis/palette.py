"""Colours shared by the maps and the notebook charts (no imports: the CLI may read it at start-up).

Okabe & Ito's colour-blind-safe palette (https://jfly.uni-koeln.de/color/), extended by one colour from
Paul Tol's muted scheme: sectors get one colour each, the ``CLUSTER_COLOURS`` largest partnership clusters
one each, and every smaller cluster the same light grey (``REST_COLOUR``).

>>> sector_colour("police"), sector_colour("fire and rescue"), sector_colour("nowhere")
('#0072B2', '#D55E00', '#BBBBBB')
>>> cluster_colour(1), cluster_colour(9)
('#0072B2', '#BBBBBB')
"""

from __future__ import annotations

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#882255")
REST_COLOUR = "#BBBBBB"
# sector key (slug of the vocabulary concept) -> colour; charts name sectors by label, maps by key
SECTOR_COLOURS = {
    "police": "#0072B2",
    "fire": "#D55E00",
    "ambulance": "#009E73",
    "local-government": "#CC79A7",
    "health": "#56B4E9",
    "national-body": "#E69F00",
    "governance-body": "#F0E442",
    "other": "#882255",
    "": REST_COLOUR,
}
SECTOR_LABEL_KEYS = {
    "fire and rescue": "fire",
    "local government": "local-government",
    "national body": "national-body",
    "governance body": "governance-body",
}
CLUSTER_COLOURS = OKABE_ITO  # the 8 largest clusters; the rest are REST_COLOUR


def sector_colour(sector: str) -> str:
    """The colour of a sector, given by key (``local-government``) or label (``local government``); grey if unknown."""
    key = SECTOR_LABEL_KEYS.get(sector.lower(), sector.lower())
    return SECTOR_COLOURS.get(key, REST_COLOUR)


def cluster_colour(number: int) -> str:
    """The colour of cluster ``number`` (1 = the largest): distinct for the 8 largest, grey for the rest."""
    return CLUSTER_COLOURS[number - 1] if 1 <= number <= len(CLUSTER_COLOURS) else REST_COLOUR
