"""The visual grammar: shapes and colours of entity kinds, quad classes, factuality and roles."""
from __future__ import annotations

from types import MappingProxyType

# Okabe–Ito colours stay distinct for colour-blind readers; cooperation is blue, conflict orange,
# and material (deeds) is darker than verbal (words).
QUAD_COLOURS = MappingProxyType({
    "VerbalCooperation": "#56B4E9",
    "MaterialCooperation": "#0072B2",
    "VerbalConflict": "#E69F00",
    "MaterialConflict": "#D55E00",
    "other": "#9E9E9E",
})
QUAD_LABELS = MappingProxyType({
    "VerbalCooperation": "verbal cooperation",
    "MaterialCooperation": "material cooperation",
    "VerbalConflict": "verbal conflict",
    "MaterialConflict": "material conflict",
    "other": "other",
})

# kind -> (vis shape, colour, legend group); events are diamonds, so no entity uses that shape.
ENTITY_STYLES = MappingProxyType({
    "person": ("dot", "#CC79A7", "person"),
    "country": ("square", "#009E73", "country / government"),
    "organisation": ("triangle", "#8C6D31", "organisation / group"),
    "group": ("triangle", "#8C6D31", "organisation / group"),
    "city": ("star", "#6B6B6B", "place / city"),
    "place": ("star", "#6B6B6B", "place / city"),
    "actor": ("dot", "#B0B0B0", "other actor"),
})
EVENT_SHAPE = "diamond"

# factuality -> (fill opacity, border dashes, edge dashes)
FACTUALITY_STYLES = MappingProxyType({
    "asserted": (1.0, False, False),
    "hypothetical": (0.55, [5, 4], [6, 4]),
    "negated": (0.22, [2, 3], [2, 4]),
})
UNKNOWN_FACTUALITY = (1.0, [1, 3], [1, 3])  # a value the ontology does not name: dotted, shown as read

# role -> (colour, arrow head)
ROLE_STYLES = MappingProxyType({
    "agent": ("#3C3C3C", "to"),
    "target": ("#3C3C3C", "to"),
    "participant": ("#7A7A7A", ""),
    "place": ("#8C8C8C", ""),  # ≥ 3:1 on white (WCAG 1.4.11)
})
TIE_COLOUR = "#7A7A7A"


def rgba(colour: str, alpha: float) -> str:
    """Return ``#RRGGBB`` as a CSS ``rgba()`` string with opacity ``alpha``.

    >>> rgba("#0072B2", 0.5)
    'rgba(0,114,178,0.5)'
    """
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha:g})"


def border(colour: str) -> str:
    """Return the darker shade of a fill colour that outlines a node (≥ 3:1 on white, WCAG 1.4.11).

    >>> border("#56B4E9")
    '#2f6380'
    """
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * 0.55):02x}" for c in (red, green, blue))


def contrast(foreground: str, background: str = "#FFFFFF") -> float:
    """Return the WCAG 2 contrast ratio of two ``#RRGGBB`` colours.

    >>> round(contrast("#767676"), 1)
    4.5
    """
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def factuality_style(value: str) -> tuple:
    """Return the (opacity, border dashes, edge dashes) of a factuality value, known or not.

    >>> factuality_style("rumoured") == UNKNOWN_FACTUALITY
    True
    """
    return FACTUALITY_STYLES.get(value, UNKNOWN_FACTUALITY)


def legend() -> dict[str, list[dict[str, object]]]:
    """Return the legend's rows (entity kinds, quad classes, factuality, roles) for the template."""
    kinds, seen = [], set()
    for shape, colour, group in ENTITY_STYLES.values():
        if group not in seen:
            seen.add(group)
            kinds.append({"label": group, "shape": shape, "colour": colour})
    return {
        "kinds": kinds,
        "quads": [{"label": QUAD_LABELS[q], "colour": c, "name": q} for q, c in QUAD_COLOURS.items()],
        "factuality": [
            {"label": "asserted", "style": "solid", "opacity": 1.0},
            {"label": "hypothetical (dashed)", "style": "dashed", "opacity": 0.55},
            {"label": "negated (faded, dotted)", "style": "dotted", "opacity": 0.22},
            {"label": "other value (named in the details)", "style": "dotted", "opacity": 1.0},
        ],
        "roles": [{"label": f"{role} {'→' if arrow else '—'}", "colour": colour}
                  for role, (colour, arrow) in ROLE_STYLES.items()],
    }
