"""Read what the view needs from a store with SPARQL, into the view's plain records.

Each query asks for one kind of fact (the typed nodes, one property of events, the evidence
sentences…) and is read row by row, so the store is never copied into memory: only the view's
records are kept. Every query is constant text; no value from the data or the user becomes query
text. The event shape (events, their mentions and sources) is read here and nowhere else, so a
change in how events are stored is a change to this module.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, Optional

import pyoxigraph as ox

from kg.prefixes import PREFIXES
from kg.view.records import (
    DocRef, Entity, EventClass, EventNode, Evidence, Link, ViewData, day_bounds,
)

DIP = PREFIXES["dip"]
_ENTITY_KINDS = (  # most specific first
    ("City", "city"), ("Person", "person"), ("Country", "country"), ("Organization", "organisation"),
    ("Group", "group"), ("Place", "place"), ("Actor", "actor"),
)
_ROLE_OF = {DIP + role: role for role in ("agent", "target", "participant", "place")}
_WIKIDATA = re.compile(r"^https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/(Q[0-9]+)$")
_POINT = re.compile(r"^\s*(?:<[^>]*>\s*)?POINT\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)\s*$", re.I)

# The store's bookkeeping and text nodes: typed, but neither events nor entities.
_TYPED = """SELECT ?s ?c WHERE { ?s a ?c .
  FILTER(?c NOT IN (dip:Mention, dip:EventMention, dip:Sentence, dip:ActorDescription, dip:Role,
                    dip:Extraction, dip:Document, dip:UnlinkedEntity)) }"""
_SUBCLASSES = "SELECT ?s ?o WHERE { ?s rdfs:subClassOf ?o }"
_DOCUMENTS = """SELECT ?d ?id ?title ?date WHERE { ?d a dip:Document .
  OPTIONAL { ?d dcterms:identifier ?id } OPTIONAL { ?d dcterms:title ?title } OPTIONAL { ?d dcterms:date ?date } }"""
_ROLE_LINKS = """SELECT ?e ?p ?o WHERE { VALUES ?p { dip:agent dip:target dip:participant dip:place }
  ?e ?p ?o . FILTER(!isLiteral(?o)) }"""
_PROPERTY = "SELECT ?s ?o WHERE {{ ?s {prop} ?o }}"  # filled only with the constant names below
_EVENT_PROPERTIES = ("rdfs:label", "dip:date", "dip:startDate", "dip:endDate",
                     "dip:count", "dip:mentionCount", "prov:wasDerivedFrom",
                     "dip:firstReported", "dip:disputed", "dip:mergeNote")  # the last three: merged events
# (dip:factuality and dip:triggerText are read once for every subject: see read_view_data, _read_events)
_ENTITY_PROPERTIES = ("rdfs:label", "skos:prefLabel", "skos:altLabel", "owl:sameAs")
# evidence: event -dip:mention-> mention -dip:evidence-> sentence (or event -dip:evidence-> sentence)
_MENTION_EVIDENCE = "SELECT ?e ?m ?s WHERE { ?e dip:mention ?m . ?m dip:evidence ?s }"
_SENTENCE_PROPERTIES = ("dip:text", "dip:inDocument")
_POINTS = """SELECT ?x ?wkt WHERE { { ?x geo:hasGeometry ?g } UNION { ?x geo:hasDefaultGeometry ?g }
  ?g geo:asWKT ?wkt }"""


def read_view_data(source: Any, *, ontology: Any) -> ViewData:
    """Return the entities, events and role links of a store as plain records.

    Args:
        source: a store (``kg.store`` local or remote: anything with ``query(text, prefixes=…)``
            returning pyoxigraph results), or an rdflib graph (loaded into an in-memory store).
        ontology: the diplomacy ontology as an rdflib graph (event classes, labels, quad classes).

    Returns:
        A ``ViewData`` whose records are sorted by IRI, so the same store gives the same view.
    """
    run = _runner(source)
    hierarchy = _Hierarchy(ontology, run)
    typed: dict[str, list[str]] = defaultdict(list)
    for subject, cls in run(_TYPED):
        typed[subject].append(cls)
    events = {s: cs for s, cs in typed.items() if any(hierarchy.is_event_class(c) for c in cs)}
    roles = [(e, _ROLE_OF[p], o) for e, p, o in run(_ROLE_LINKS)]
    facts = _properties(run, ("dip:factuality",), None)
    for subject in [e for e, role, _ in roles if role != "place"] + list(facts["dip:factuality"]):
        events.setdefault(subject, typed.get(subject, []))  # an event whose class is not given
    links = sorted({Link(e, o, role) for e, role, o in roles if e in events},
                   key=lambda link: (link.event, link.role, link.entity))
    records = _read_events(run, hierarchy, events, facts)
    linked = {link.entity for link in links}
    entities = _read_entities(run, hierarchy, typed, linked)
    return ViewData(entities=tuple(entities), events=tuple(records), links=tuple(links),
                    event_classes=_event_classes(hierarchy, records))


def _runner(source: Any):
    """Return ``run(query) -> iterator of rows`` (tuples of strings or None) over ``source``."""
    if not hasattr(source, "query") or not callable(getattr(source, "query")) or _is_rdflib(source):
        memory = ox.Store()
        memory.load(source.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)

        def query(text: str):
            return memory.query(text, prefixes=dict(PREFIXES))
    else:
        def query(text: str):
            return source.query(text, prefixes=dict(PREFIXES))

    def run(text: str) -> Iterator[tuple[Optional[str], ...]]:
        for row in query(text):  # a row iterates over its values in the order the query selects them
            yield tuple([None if term is None else term.value for term in row])
    return run


def _is_rdflib(source: Any) -> bool:
    return type(source).__module__.startswith("rdflib")


class _Hierarchy:
    """Answer subclass questions from the ontology plus any subClassOf triples in the store."""

    def __init__(self, ontology: Any, run) -> None:
        self.parents: dict[str, set[str]] = defaultdict(set)
        self.labels: dict[str, str] = {}
        self.quads: dict[str, str] = {}
        rdfs = PREFIXES["rdfs"]
        for subject, prop, obj in ontology:
            s, p, o = str(subject), str(prop), str(obj)
            if p == rdfs + "subClassOf":
                self.parents[s].add(o)
            elif p == rdfs + "label" and (s not in self.labels or getattr(obj, "language", None) in (None, "en")):
                self.labels[s] = o
            elif p == DIP + "quadClass":
                self.quads[s] = _local(o)
        for sub, sup in run(_SUBCLASSES):
            self.parents[sub].add(sup)
        self._ancestors: dict[str, list[str]] = {}

    def ancestors(self, cls: str) -> list[str]:
        """Return ``cls`` and its superclasses, nearest first."""
        if cls not in self._ancestors:
            seen, order, queue = {cls}, [cls], [cls]
            while queue:
                for sup in sorted(self.parents.get(queue.pop(0), ())):
                    if sup not in seen:
                        seen.add(sup)
                        order.append(sup)
                        queue.append(sup)
            self._ancestors[cls] = order
        return self._ancestors[cls]

    def known(self, cls: str) -> bool:
        """Return True when the ontology or the store says anything of ``cls``."""
        return cls in self.parents or cls in self.labels or cls in self.quads

    def is_event_class(self, cls: str) -> bool:
        """Return True when ``cls`` is below dip:Event."""
        return cls != DIP + "Event" and DIP + "Event" in self.ancestors(cls)

    def quad(self, cls: str) -> str:
        """Return the quad class of ``cls`` (inherited), or ``"other"``."""
        return next((self.quads[a] for a in self.ancestors(cls) if a in self.quads), "other")

    def event_class(self, cls: str) -> EventClass:
        """Return the record of an event class: local name, label, quad class."""
        name = _local(cls)
        return EventClass(name, self.labels.get(cls) or _spaced(name), self.quad(cls))

    def declared_event_classes(self) -> list[str]:
        """Return every class the ontology or the store places below dip:Event."""
        return [c for c in self.parents if self.is_event_class(c)]


def _event_classes(hierarchy: _Hierarchy, events: list[EventNode]) -> tuple[EventClass, ...]:
    found = {_local(c): hierarchy.event_class(c) for c in hierarchy.declared_event_classes()}
    for event in events:
        found.setdefault(event.cls, EventClass(event.cls, event.cls_label, event.quad))
    return tuple(found[name] for name in sorted(found))


def _read_documents(run) -> dict[str, DocRef]:
    docs: dict[str, DocRef] = {}
    for doc, ident, title, date in run(_DOCUMENTS):
        if doc not in docs or docs[doc].doc_id == _local(doc):
            docs[doc] = DocRef(ident or _local(doc), title, date)
    return docs


def _properties(run, names: tuple[str, ...], subjects) -> dict[str, dict[str, list[str]]]:
    """Return ``{property: {subject: [values]}}`` for the subjects in ``subjects`` (None: all)."""
    found: dict[str, dict[str, list[str]]] = {}
    for name in names:
        values: dict[str, list[str]] = defaultdict(list)
        for subject, value in run(_PROPERTY.format(prop=name)):
            if subjects is None or subject in subjects:
                values[subject].append(value)
        found[name] = values
    return found


def _read_evidence(run, events, docs: dict[str, DocRef],
                   triggers: dict[str, list[str]]) -> dict[str, list[tuple[int, Evidence, Optional[str]]]]:
    """Return each event's sentences with the trigger position and text of the mention behind each.

    Evidence is read through the events' mentions (``_MENTION_EVIDENCE``); an event with none
    there has its own ``dip:evidence`` read. ``triggers``: the trigger texts of events and mentions.
    """
    owner: dict[str, str] = {}
    evidence: dict[str, list[str]] = defaultdict(list)
    for event, mention, sentence in run(_MENTION_EVIDENCE):
        if event in events:
            owner[mention] = event
            evidence[mention].append(sentence)
    without = events.keys() - set(owner.values())
    if without:  # the older shape, or events imported without mentions
        for subject, sentences in _properties(run, ("dip:evidence",), without)["dip:evidence"].items():
            evidence[subject].extend(sentences)
    starts = _properties(run, ("dip:triggerStart",), evidence.keys())["dip:triggerStart"]
    text = _properties(run, _SENTENCE_PROPERTIES, {s for values in evidence.values() for s in values})
    found: dict[str, list[tuple[int, Evidence, Optional[str]]]] = defaultdict(list)
    for subject, values in evidence.items():
        event = owner.get(subject, subject)
        start = _integer(min(starts.get(subject, ["0"]))) or 0
        trigger = min(triggers.get(subject, [""])) or None
        for sentence in values:
            for words in text["dip:text"].get(sentence, ()):
                doc = min(text["dip:inDocument"].get(sentence, [""]))
                found[event].append((start, Evidence(words, docs.get(doc) or _doc_ref(doc)), trigger))
    return found


def _doc_ref(iri: str) -> DocRef:
    return DocRef(_local(iri)) if iri else DocRef("")


def _read_events(run, hierarchy: _Hierarchy, events: dict[str, list[str]],
                 facts: dict[str, dict[str, list[str]]]) -> list[EventNode]:
    docs = _read_documents(run)
    props = _properties(run, _EVENT_PROPERTIES, events)
    props["dip:factuality"] = facts["dip:factuality"]  # read already (it makes an event of an untyped node)
    triggers = _properties(run, ("dip:triggerText",), None)["dip:triggerText"]  # of events and of mentions
    props["dip:triggerText"] = triggers
    for values in props["prov:wasDerivedFrom"].values():
        for doc in values:
            docs.setdefault(doc, _doc_ref(doc))
    evidence = _read_evidence(run, events, docs, triggers)
    return [_event(iri, events[iri], hierarchy, props, docs, sorted(evidence.get(iri, ()), key=_first))
            for iri in sorted(events)]


def _first(item: tuple[int, Evidence, Optional[str]]) -> tuple[int, str, str]:
    return (item[0], item[1].doc.doc_id, item[1].text)


def _event(iri: str, classes: list[str], hierarchy: _Hierarchy, props: dict, docs: dict[str, DocRef],
           evidence: list[tuple[int, Evidence, Optional[str]]]) -> EventNode:
    event_classes = [c for c in classes if hierarchy.is_event_class(c)]
    cls = max(sorted(event_classes), key=lambda c: len(hierarchy.ancestors(c))) if event_classes else DIP + "Event"
    chain = [c for c in hierarchy.ancestors(cls) if hierarchy.is_event_class(c) or c == DIP + "Event"]
    record = hierarchy.event_class(cls)
    unknown = sorted(c for c in classes if not hierarchy.known(c))
    if not event_classes and unknown:  # typed only with classes the ontology does not declare
        record = EventClass(_local(unknown[0]), f"{_local(unknown[0])} (not in the ontology)", "other")
        chain = [unknown[0], DIP + "Event"]

    def one(name: str) -> Optional[str]:
        values = props[name].get(iri)
        return min(values) if values else None

    sources = sorted({docs[d] for d in props["prov:wasDerivedFrom"].get(iri, ()) if d in docs},
                     key=lambda d: d.doc_id)
    start, end, date_text = _dates(one("dip:date"), one("dip:startDate"), one("dip:endDate"))
    if start is None:  # no source dates it: when it was first reported, else its documents' date
        dated = one("dip:firstReported") or next(
            (d.date for d in sources + [e.doc for _, e, _ in evidence] if d.date), None)
        if dated:
            start, end = day_bounds(dated)
    fact = one("dip:factuality")
    seen: dict[Evidence, None] = {}
    for _, sentence, _ in evidence:
        seen.setdefault(sentence, None)
    return EventNode(
        iri=iri, label=one("rdfs:label") or record.label, cls=record.name, cls_label=record.label,
        types=tuple(_local(c) for c in chain) or (record.name,), quad=record.quad,
        start=start, end=end, date_text=date_text,
        factuality=_local(fact).lower() if fact else "asserted",
        count=_integer(one("dip:count")), mention_count=_integer(one("dip:mentionCount")),
        trigger=one("dip:triggerText") or next((t for _, _, t in evidence if t), None),
        evidence=tuple(seen), documents=tuple(sources),
        disputed=tuple(sorted(set(props["dip:mergeNote"].get(iri, ()))
                              or {_local(p) for p in props["dip:disputed"].get(iri, ())})),
    )


def _dates(date: Optional[str], first: Optional[str], last: Optional[str]):
    if date is not None:
        start, end = day_bounds(date)
        return start, end, date
    if first is None and last is None:
        return None, None, None
    start = day_bounds(first)[0] if first is not None else None
    end = day_bounds(last)[1] if last is not None else None
    return start or end, end or start, f"{first or '…'} – {last or '…'}"


def _read_entities(run, hierarchy: _Hierarchy, typed: dict[str, list[str]], linked: set[str]) -> list[Entity]:
    rank = {DIP + name: i for i, (name, _) in enumerate(_ENTITY_KINDS)}
    best: dict[str, int] = {node: rank[DIP + "Actor"] for node in linked}
    for subject, classes in typed.items():
        known = [rank[a] for c in classes for a in hierarchy.ancestors(c) if a in rank]
        if known:
            best[subject] = min(known + [best.get(subject, len(rank))])
    props = _properties(run, _ENTITY_PROPERTIES, best)
    points = {x: p for x, wkt in run(_POINTS) if x in best and (p := parse_point(wkt)) is not None}
    entities = []
    for node in sorted(best):
        labels = props["rdfs:label"].get(node) or props["skos:prefLabel"].get(node)
        entities.append(Entity(
            iri=node, label=min(labels) if labels else _local(node), kind=_ENTITY_KINDS[best[node]][1],
            alt_labels=tuple(sorted(set(props["skos:altLabel"].get(node, ())))),
            wikidata=_wikidata(props["owl:sameAs"].get(node, ())), point=points.get(node),
        ))
    return entities


def parse_point(wkt: Optional[str]) -> Optional[tuple[float, float]]:
    """Return ``(longitude, latitude)`` of a WKT point (GeoSPARQL ``geo:asWKT``), or None.

    >>> parse_point("POINT(125.75 39.02)")
    (125.75, 39.02)
    >>> parse_point("<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POINT(2.35 48.86)")
    (2.35, 48.86)
    >>> parse_point("POINT(200 10)") is None
    True
    """
    match = _POINT.match(wkt or "")
    if not match:
        return None
    try:
        lon, lat = float(match.group(1)), float(match.group(2))
    except ValueError:
        return None
    return (lon, lat) if -180 <= lon <= 180 and -90 <= lat <= 90 else None


def _wikidata(values) -> Optional[str]:
    for value in sorted(values):
        match = _WIKIDATA.match(value)
        if match:
            return f"https://www.wikidata.org/wiki/{match.group(1)}"
    return None


def _integer(value: Optional[str]) -> Optional[int]:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri


def _spaced(name: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()
