"""Read an rdflib graph of documents, actors and events into the view's plain records."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Optional

from rdflib import Graph, Literal, URIRef
from rdflib import namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.view.records import (
    DocRef, Entity, EventNode, EventClass, Evidence, Link, ViewData, day_bounds as _bounds,
)
from kg.vocab import DIP

_ENTITY_KINDS = (  # most specific first
    (DIP.City, "city"), (DIP.Person, "person"), (DIP.Country, "country"),
    (DIP.Organization, "organisation"), (DIP.Group, "group"), (DIP.Place, "place"),
    (DIP.Actor, "actor"),
)
_ROLE_PROPERTIES = (
    (DIP.agent, "agent"), (DIP.target, "target"), (DIP.participant, "participant"),
    (DIP.place, "place"),
)
# bound as a tuple: doctest collection probes module attributes and the closed XSD warns
_INTEGER_TYPES = (namespace.XSD.integer, namespace.XSD.int, None)
_WIKIDATA = re.compile(r"^https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/(Q[0-9]+)$")


def read_view_data(graph: Graph, *, ontology: Graph) -> ViewData:
    """Return the entities, events and role links of ``graph`` as plain records.

    Args:
        graph: the union of all documents' graphs.
        ontology: the diplomacy ontology (event classes, their labels and quad classes).

    Returns:
        A ``ViewData`` whose records are sorted by IRI, so the same graph gives the same view.
    """
    hierarchy = _Hierarchy(ontology, graph)
    docs = _read_documents(graph)
    events = _read_events(graph, ontology, hierarchy, docs)
    event_iris = {URIRef(e.iri) for e in events}
    links = []
    for event in sorted(event_iris):
        for prop, role in _ROLE_PROPERTIES:
            for obj in graph.objects(event, prop):
                if not isinstance(obj, Literal):
                    links.append(Link(str(event), str(obj), role))
    linked = {URIRef(link.entity) for link in links}
    entities = _read_entities(graph, hierarchy, linked)
    return ViewData(
        entities=tuple(entities), events=tuple(events), links=tuple(sorted(set(links), key=_link_key)),
        event_classes=_event_classes(hierarchy.event_classes(ontology), events),
    )


def _event_classes(declared: dict[str, EventClass], events: list[EventNode]) -> tuple[EventClass, ...]:
    """Return the declared event classes plus any met only in the graph, sorted by name."""
    found = dict(declared)
    for event in events:
        found.setdefault(event.cls, EventClass(event.cls, event.cls_label, event.quad))
    return tuple(found[name] for name in sorted(found))


def _link_key(link: Link) -> tuple[str, str, str]:
    return (link.event, link.role, link.entity)


class _Hierarchy:
    """Answer subclass questions from the ontology plus any subClassOf triples in the graph."""

    def __init__(self, ontology: Graph, graph: Graph) -> None:
        self.parents: dict[Node, set[Node]] = defaultdict(set)
        self._ancestors: dict[Node, list[Node]] = {}
        for source in (ontology, graph):
            for sub, sup in source.subject_objects(RDFS.subClassOf):
                self.parents[sub].add(sup)

    def ancestors(self, cls: Node) -> list[Node]:
        """Return ``cls`` and its superclasses, nearest first."""
        if cls not in self._ancestors:
            self._ancestors[cls] = self._walk_up(cls)
        return self._ancestors[cls]

    def _walk_up(self, cls: Node) -> list[Node]:
        seen, order, queue = {cls}, [cls], [cls]
        while queue:
            for sup in sorted(self.parents.get(queue.pop(0), ())):
                if sup not in seen:
                    seen.add(sup)
                    order.append(sup)
                    queue.append(sup)
        return order

    def is_event_class(self, cls: Node) -> bool:
        """Return True when ``cls`` is dip:Event or one of its subclasses."""
        return DIP.Event in self.ancestors(cls)

    def event_classes(self, ontology: Graph) -> dict[str, EventClass]:
        """Return the event classes the ontology declares (below dip:Event), by local name."""
        classes = {c for c in set(self.parents) | set(ontology.subjects(RDF.type, OWL.Class))
                   if isinstance(c, URIRef) and c != DIP.Event and self.is_event_class(c)}
        return {
            _local(c): EventClass(_local(c), _label(ontology, c) or _spaced(_local(c)),
                                  self.quad(ontology, c))
            for c in classes
        }

    def quad(self, ontology: Graph, cls: Node) -> str:
        """Return the local name of the quad class of ``cls`` (inherited), or ``"other"``."""
        for ancestor in self.ancestors(cls):
            quad = ontology.value(ancestor, DIP.quadClass)
            if quad is not None:
                return _local(quad)
        return "other"


def _read_documents(graph: Graph) -> dict[Node, DocRef]:
    docs: dict[Node, DocRef] = {}
    subjects = set(graph.subjects(RDF.type, DIP.Document)) | set(graph.objects(None, DIP.inDocument))
    subjects |= set(graph.objects(None, PROV.wasDerivedFrom))
    for doc in subjects:
        if isinstance(doc, Literal):
            continue
        ident = graph.value(doc, DCTERMS.identifier)
        docs[doc] = DocRef(
            doc_id=str(ident) if ident is not None else _local(doc),
            title=_text(graph.value(doc, DCTERMS.title)),
            date=_text(graph.value(doc, DCTERMS.date)),
        )
    return docs


def _read_events(graph: Graph, ontology: Graph, hierarchy: _Hierarchy,
                 docs: dict[Node, DocRef]) -> list[EventNode]:
    typed: dict[Node, list[Node]] = defaultdict(list)
    for subject, cls in graph.subject_objects(RDF.type):
        if hierarchy.is_event_class(cls):
            typed[subject].append(cls)
    for prop in (DIP.agent, DIP.target, DIP.participant, DIP.factuality):
        for subject in graph.subjects(prop, None):
            typed.setdefault(subject, [])
    return [_read_event(graph, ontology, hierarchy, docs, iri, classes)
            for iri, classes in sorted(typed.items()) if not isinstance(iri, Literal)]


def _read_event(graph: Graph, ontology: Graph, hierarchy: _Hierarchy, docs: dict[Node, DocRef],
                iri: Node, classes: list[Node]) -> EventNode:
    cls = _most_specific(hierarchy, classes) if classes else DIP.Event
    chain = [c for c in hierarchy.ancestors(cls) if hierarchy.is_event_class(c)]
    sources = sorted({docs[d] for d in graph.objects(iri, PROV.wasDerivedFrom) if d in docs},
                     key=lambda d: d.doc_id)
    evidence = []
    mentions = sorted(graph.objects(iri, DIP.mention), key=lambda m: _int(graph.value(m, DIP.triggerStart)) or 0)
    sentences = {*graph.objects(iri, DIP.evidence), *(s for m in mentions for s in graph.objects(m, DIP.evidence))}
    for sentence in sentences:
        text = _text(graph.value(sentence, DIP.text))
        doc = docs.get(graph.value(sentence, DIP.inDocument))
        if text:
            evidence.append(Evidence(text, doc or DocRef("")))
    start, end, date_text = _event_dates(graph, iri)
    if start is None:
        for doc in sources + [e.doc for e in evidence]:
            if doc.date:
                start, end = _bounds(doc.date)
                break
    factuality = graph.value(iri, DIP.factuality)
    count = graph.value(iri, DIP.count)
    cls_name = _local(cls)
    return EventNode(
        iri=str(iri),
        label=_label(graph, iri) or _label(ontology, cls) or _spaced(cls_name),
        cls=cls_name,
        cls_label=_label(ontology, cls) or _spaced(cls_name),
        types=tuple(_local(c) for c in chain) or (cls_name,),
        quad=hierarchy.quad(ontology, cls),
        start=start, end=end, date_text=date_text,
        factuality=_local(factuality).lower() if factuality is not None else "asserted",
        count=_int(count),
        trigger=_text(graph.value(iri, DIP.triggerText) or next(
            (t for m in mentions for t in graph.objects(m, DIP.triggerText)), None)),
        evidence=tuple(sorted(set(evidence), key=lambda e: (e.doc.doc_id, e.text))),
        documents=tuple(sources),
    )


def _read_entities(graph: Graph, hierarchy: _Hierarchy, linked: set[Node]) -> list[Entity]:
    rank = {cls: i for i, (cls, _) in enumerate(_ENTITY_KINDS)}
    best: dict[Node, int] = {node: rank[DIP.Actor] for node in linked}
    for subject, cls in graph.subject_objects(RDF.type):
        known = [rank[c] for c in hierarchy.ancestors(cls) if c in rank]
        if known:
            best[subject] = min(known + [best.get(subject, len(rank))])
    return [
        Entity(
            iri=str(node), label=_label(graph, node) or _local(node), kind=_ENTITY_KINDS[i][1],
            alt_labels=tuple(sorted({str(a) for a in graph.objects(node, SKOS.altLabel)})),
            wikidata=_wikidata(graph.objects(node, OWL.sameAs)),
        )
        for node, i in sorted(best.items()) if not isinstance(node, Literal)
    ]


def _most_specific(hierarchy: _Hierarchy, classes: list[Node]) -> Node:
    depth = {c: len(hierarchy.ancestors(c)) for c in classes}
    return max(sorted(classes), key=depth.__getitem__)


def _event_dates(graph: Graph, iri: Node) -> tuple[Optional[str], Optional[str], Optional[str]]:
    date = graph.value(iri, DIP.date)
    if date is not None:
        start, end = _bounds(str(date))
        return start, end, str(date)
    first, last = graph.value(iri, DIP.startDate), graph.value(iri, DIP.endDate)
    if first is None and last is None:
        return None, None, None
    start = _bounds(str(first))[0] if first is not None else None
    end = _bounds(str(last))[1] if last is not None else None
    text = f"{first if first is not None else '…'} – {last if last is not None else '…'}"
    return start or end, end or start, text


def _wikidata(objects: Iterable[Node]) -> Optional[str]:
    for obj in sorted(objects):
        match = _WIKIDATA.match(str(obj))
        if match:
            return f"https://www.wikidata.org/wiki/{match.group(1)}"
    return None


def _label(graph: Graph, node: Node) -> Optional[str]:
    labels = [o for o in graph.objects(node, RDFS.label) if isinstance(o, Literal)]
    if not labels:
        labels = [o for o in graph.objects(node, SKOS.prefLabel) if isinstance(o, Literal)]
    if not labels:
        return None
    labels.sort(key=lambda lit: (lit.language not in (None, "en"), lit.language or "", str(lit)))
    return str(labels[0])


def _text(node: Optional[Node]) -> Optional[str]:
    return str(node) if node is not None else None


def _int(node: Optional[Node]) -> Optional[int]:
    if isinstance(node, Literal) and node.datatype in _INTEGER_TYPES:
        try:
            return int(str(node))
        except ValueError:
            return None
    return None


def _local(node: Node) -> str:
    text = str(node)
    return re.split(r"[#/]", text.rstrip("/#"))[-1] or text


def _spaced(name: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()
