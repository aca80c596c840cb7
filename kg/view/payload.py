"""The page's description of every entity and event, in a compact form the page expands at load.

A page of 23,000 events described each event as an object keyed by its IRI, with its documents,
class labels and the names and IRIs of its sides written out again in every event: 780 bytes an
event, 18 MB a page, which the browser spent most of its load parsing. Here each fact is written
once (tables of documents, event classes, factuality values, entities and IRI prefixes) and an
event refers to them by position; ``app.js`` (``expandMeta``) rebuilds the same objects, and
``expand_meta`` below does what it does, for tests and tools that read a page.
"""
from __future__ import annotations

from typing import Any, Optional

from kg.view.lookalike import lookalike_warnings
from kg.view.records import ROLES, DocRef, Entity, ViewData
from kg.view.style import FACTUALITY_STYLES, QUAD_LABELS

NAME_MAX = 160  # names in the details, tooltips, lists
TEXT_MAX = 1000  # evidence sentences, document titles


class _Table:
    """Rows written once, each referred to by its position."""

    def __init__(self) -> None:
        self.rows: list[Any] = []
        self.index: dict[Any, int] = {}

    def add(self, key: Any, row: Any = None) -> int:
        if key not in self.index:
            self.index[key] = len(self.rows)
            self.rows.append(key if row is None else row)
        return self.index[key]


def compact_meta(data: ViewData) -> dict[str, Any]:
    """Return the tables that describe ``data``'s entities and events (see ``expand_meta``)."""
    docs, classes, facts, prefixes = _Table(), _Table(), _Table(), _Table()
    warnings = lookalike_warnings(data.entities)
    position = {e.iri: i for i, e in enumerate(data.entities)}

    def doc(ref: DocRef) -> int:
        return docs.add(ref, [cut(ref.doc_id, NAME_MAX), cut(ref.title, TEXT_MAX), cut(ref.date, NAME_MAX)])

    def iri(value: str) -> list[Any]:  # [prefix, rest]: the prefix up to the last "/" or "#"
        cut_at = max(value.rfind("/"), value.rfind("#")) + 1
        return [prefixes.add(value[:cut_at]), value[cut_at:]]

    roles: dict[str, list[int]] = {}
    for link in data.links:
        roles.setdefault(link.event, []).extend((ROLES.index(link.role), position[link.entity]))
    entities = [[*iri(e.iri), *_entity_row(e, warnings.get(e.iri, ()))] for e in data.entities]
    events = []
    for e in data.events:
        cls = classes.add((e.cls, e.cls_label, e.quad), [e.cls, cut(e.cls_label, NAME_MAX), e.quad,
                                                         QUAD_LABELS.get(e.quad, e.quad)])
        fact = facts.add(e.factuality, [e.factuality, fact_label(e.factuality)])
        evidence = [part for s in e.evidence for part in (cut(s.text, TEXT_MAX), doc(s.doc))]
        events.append([*iri(e.iri), cut(e.label, NAME_MAX), cls, cut(e.date_text, NAME_MAX), e.start, e.end, fact,
                       e.count, e.mention_count, [cut(d, TEXT_MAX) for d in e.disputed], cut(e.trigger, NAME_MAX),
                       roles.get(e.iri, []), evidence, [doc(d) for d in e.documents]])
    return {"prefixes": prefixes.rows, "roles": list(ROLES), "docs": docs.rows, "classes": classes.rows,
            "factValues": facts.rows, "entities": entities, "events": events}


def _entity_row(entity: Entity, warnings: tuple[str, ...]) -> list[Any]:
    return [cut(entity.label, NAME_MAX), entity.kind, [cut(w, TEXT_MAX) for w in warnings],
            list(entity.point) if entity.point else None, [cut(a, NAME_MAX) for a in entity.alt_labels],
            entity.wikidata, entity.is_actor]


def expand_meta(tables: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return ``{iri: description}`` of every entity and event, as the page's ``meta`` has them.

    The inverse of ``compact_meta``, step for step what ``expandMeta`` in ``app.js`` does.
    """
    prefixes, docs = tables["prefixes"], tables["docs"]
    meta: dict[str, dict[str, Any]] = {}
    entities = []
    for prefix, rest, name, kind, warn, point, alt, wikidata, actor in tables["entities"]:
        iri = prefixes[prefix] + rest
        entities.append(iri)
        meta[iri] = {"t": "entity", "name": name, "kind": kind, "warn": warn, "pt": point, "alt": alt,
                     "wd": wikidata, "actor": actor, "n": 0}
    for (prefix, rest, name, cls, date, start, end, fact, count, mentions, disputed, trigger,
         roles, evidence, sources) in tables["events"]:
        c, f = tables["classes"][cls], tables["factValues"][fact]
        pairs = [(tables["roles"][roles[i]], entities[roles[i + 1]]) for i in range(0, len(roles), 2)]
        for _, entity in pairs:
            meta[entity]["n"] += 1
        meta[prefixes[prefix] + rest] = {
            "t": "event", "name": name, "cls": c[0], "clsLabel": c[1], "quad": c[2], "quadLabel": c[3],
            "date": date, "start": start, "end": end, "fact": f[0], "factLabel": f[1], "count": count,
            "mentions": mentions, "disputed": disputed, "trigger": trigger,
            "roles": [[role, meta[entity]["name"], entity] for role, entity in pairs],
            "ev": [[evidence[i], *docs[evidence[i + 1]]] for i in range(0, len(evidence), 2)],
            "docs": [docs[d] for d in sources],
        }
    return meta


def fact_label(value: str) -> str:
    """Return how the page names a factuality value (an unknown one is said to be unknown)."""
    return value if value in FACTUALITY_STYLES else f"{cut(value, NAME_MAX)} (not a known factuality value)"


def cut(text: Optional[str], limit: int) -> Optional[str]:
    """Return ``text`` cut to ``limit`` characters, the cut marked with "…" (None stays None).

    >>> cut("Kim Jong Un", 5)
    'Kim …'
    >>> cut(None, 5) is None
    True
    """
    if text is None or len(text) <= limit:
        return text
    return text[:limit - 1] + "…"
