"""How the project's event classes code onto CAMEO and PLOVER, and the coverage table in docs/.

Two sources, one fact each:

- ``ontologies/diplomacy.ttl``: which CAMEO codes each class takes (``dip:cameoCode``; a code
  belongs to the class that claims its longest prefix, so ``Rejection`` takes ``016`` out of
  ``Statement``'s ``01``), which PLOVER types it corresponds to (``dip:ploverCategory``), and its
  quad class by each coding (``dip:quadClass`` by CAMEO's root code, ``dip:ploverQuadClass`` by
  the PLOVER manual); read as a plain ``kg.event_classes.EventClasses`` table.
- ``kg/data/lexicon/coding.json``: facts about the codings themselves (the names of CAMEO's
  codes, the quad class of each CAMEO root and PLOVER type, the codes left out of scope and
  why, and how PETRARCH2's verb dictionary is filtered), with the source of each.

``python -m kg.rdf.coding table > docs/event-coding.md`` regenerates the coverage table; a test
checks that the committed table matches.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Optional

from kg import resources
from kg.event_classes import EventClasses

CODING_FILE = "coding.json"


@dataclass(frozen=True)
class Coding:
    """The classes' CAMEO and PLOVER coding, and the facts about both codings."""

    classes: EventClasses
    data: dict[str, Any]
    claims: dict[str, str] = field(default_factory=dict)  # CAMEO code -> the class that claims it

    def __post_init__(self):
        self.claims.update({code: cls.name for cls in self.classes for code in cls.cameo})

    @property
    def sources(self) -> dict[str, dict[str, str]]:
        return self.data["sources"]

    def route(self, code: str) -> Optional[str]:
        """Return the class a CAMEO code belongs to, or None when it is out of scope.

        The longest prefix of ``code`` that a class claims or that is listed out of scope decides.
        """
        claims, out = self.claims, self.data["out_of_scope"]
        for end in range(len(code), 1, -1):
            prefix = code[:end]
            if prefix in claims:
                return claims[prefix]
            if prefix in out:
                return None
        return None

    def codes_of(self, name: str) -> tuple[str, ...]:
        """Return the CAMEO codes of a class, its nearest coded ancestor's when it has none."""
        for ancestor in self.classes.ancestors(name):
            if ancestor in self.classes and self.classes[ancestor].cameo:
                return self.classes[ancestor].cameo
        return ()

    def cameo_quad(self, code: str) -> str:
        """Return the quad class of a CAMEO code by its root."""
        return next(q for q, roots in self.data["cameo_quad"].items() if code[:2] in roots)

    def name_of(self, code: str) -> str:
        """Return the name of a CAMEO root or three-digit code (as the code list spells it)."""
        return self.data["cameo_codes"].get(code) or self.data["cameo_roots"].get(code, "").capitalize()


def load_coding(classes: EventClasses) -> Coding:
    """Read the coding facts of ``coding.json`` for the event classes of an ontology."""
    return Coding(classes, resources.read_json("lexicon", CODING_FILE))


# ------------------------------------------------------------------ the coverage table


def _codes_under(coding: Coding, root: str) -> list[str]:
    return sorted(c for c in coding.data["cameo_codes"] if c.startswith(root))


def _root_rows(coding: Coding) -> list[str]:
    rows = ["| root | CAMEO | quad class (CAMEO) | our classes (codes) | out of scope |", "|---|---|---|---|---|"]
    for root, name in sorted(coding.data["cameo_roots"].items()):
        by_class = defaultdict(list)
        out = []
        for code in [root, *_codes_under(coding, root)]:
            cls = coding.route(code)
            if cls:
                by_class[cls].append(code)
            elif code in coding.data["out_of_scope"]:
                out.append(code)
        mapped = "; ".join(f"{cls} ({', '.join(codes)})" for cls, codes in by_class.items())
        rows.append(f"| {root} | {name.title()} | {_words(coding.cameo_quad(root))} | {mapped or '—'} | "
                    f"{', '.join(out) or '—'} |")
    return rows


def _words(quad: Optional[str]) -> str:
    return "".join(f" {c.lower()}" if c.isupper() else c for c in quad or "").strip() or "—"


def _plover_rows(coding: Coding) -> list[str]:
    rows = ["| PLOVER type | quad class (PLOVER) | what it covers | our classes |", "|---|---|---|---|"]
    for name, facts in coding.data["plover_types"].items():
        classes = [c.name for c in coding.classes if name in c.plover]
        reason = coding.data.get("plover_out_of_scope", {}).get(name)
        rows.append(f"| {name} | {_words(facts['quad'])} | {facts['means']} | "
                    f"{', '.join(classes) or 'out of scope: ' + str(reason)} |")
    return rows


def _tree_order(classes: EventClasses) -> list:
    """The classes depth first, each followed by its subclasses, siblings by name."""
    children = defaultdict(list)
    for cls in classes:
        children[cls.parent].append(cls)
    out, stack = [], sorted(children[None], key=lambda c: c.name, reverse=True)
    while stack:
        cls = stack.pop()
        out.append(cls)
        stack += sorted(children[cls.name], key=lambda c: c.name, reverse=True)
    return out


def _class_rows(coding: Coding, lexicon) -> list[str]:
    rows = ["| class | parent | CAMEO codes | quad class (CAMEO) | PLOVER | quad class (PLOVER) | triggers: ontology / PETRARCH2 |",
            "|---|---|---|---|---|---|---|"]
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for table in (lexicon.verbs, lexicon.nouns) if lexicon is not None else ():
        for entries in table.values():
            for trig in entries:
                counts[trig.event_type][trig.source] += 1
    for cls in _tree_order(coding.classes):
        codes = ", ".join(f"{c} {coding.name_of(c)}" for c in cls.cameo) or "(its parent's)"
        count = counts[cls.name]
        rows.append(f"| {cls.name} | {cls.parent or 'Event'} | {codes} | {_words(coding.classes.quad_class(cls.name))} | "
                    f"{', '.join(cls.plover) or '—'} | {', '.join(_words(q) for q in cls.plover_quad) or '—'} | "
                    f"{count['ontology']} / {count['petrarch']} |")
    return rows


def coverage_table(coding: Coding, lexicon=None) -> str:
    """Return the Markdown text of ``docs/event-coding.md`` (with trigger counts when given a lexicon)."""
    src = coding.sources
    lines = [
        "# Event coding: CAMEO and PLOVER onto the project's classes",
        "",
        "Generated by `python -m kg.rdf.coding table` from `ontologies/diplomacy.ttl` (which codes each",
        "class takes) and `kg/data/lexicon/coding.json` (the codings' own facts); a test checks that",
        "this file matches them. Edit those, not this file.",
        "",
        "A CAMEO code belongs to the class that claims its longest prefix. Every CAMEO root and",
        "three-digit code maps to a class or is out of scope with the reason below; every PLOVER",
        "type maps to a class. The verb triggers of each class come from the ontology's own list",
        "and from PETRARCH2's verb dictionary, filtered (see `kg/nlp/lexicon.py`).",
        "",
        "## CAMEO root codes",
        "",
        *_root_rows(coding),
        "",
        "## Out of scope",
        "",
        *[f"- **{code}** {coding.name_of(code)}: {why}" for code, why in sorted(coding.data["out_of_scope"].items())],
        "",
        "## PLOVER event types",
        "",
        *_plover_rows(coding),
        "",
        "## Classes",
        "",
        "Where the two codings give a class different quad classes, both are carried",
        "(`dip:quadClass` by CAMEO's root, `dip:ploverQuadClass` by the PLOVER manual).",
        "",
        *_class_rows(coding, lexicon),
        "",
        "## Sources",
        "",
        *[f"- {s['title']}: " + (s["url"] if "url" in s else f"github.com/{s['repo']} `{s['path']}` at {s['commit'][:12]}")
          for s in src.values()],
        "",
    ]
    return "\n".join(lines)
