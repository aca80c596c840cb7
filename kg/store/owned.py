"""What only ``kg build`` writes: the document catalogue, the actor description and event bookkeeping.

A document is a named graph holding a ``dip:Document`` node (named like the graph) with its
``dcterms:identifier`` and ``dip:contentHash``, and pointing with ``dip:givesDescription`` at
the descriptions of actors it gave; each actor's graph keeps those descriptions
(``dip:ActorDescription``, ``dip:descriptionOf``, ``dip:descriptionText``). ``kg list`` and
``kg remove`` trust these terms, so a plain ``kg import`` may not write them: a forged
``dip:Document`` would show as a second document of an id, and a forged
``dip:givesDescription`` would keep an actor alive after its document is removed. They are
written by a build, or restored from a kg export whose consistency is checked first
(``kg.store.restore``). The same holds for the events' graphs (``kg.store.events``): each keeps the
reports it was merged from (``dip:reportData``) and the keys it is found by (``dip:identityKey``),
which a forged statement would corrupt.
"""
from __future__ import annotations

from typing import Optional

import pyoxigraph as ox

from kg.store.descriptions import ACTOR_PREFIX, DESCRIPTION, DESCRIPTION_PREFIX, GIVES, OF, TEXT
from kg.store.events import EVENT_PREFIX, IDENTITY_KEY, REPORT_DATA
from kg.vocab import DIP, ID

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DOCUMENT = ox.NamedNode(str(DIP.Document))
CONTENT_HASH = ox.NamedNode(str(DIP.contentHash))
IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")

OWNED_TYPES = frozenset({DOCUMENT, DESCRIPTION})
OWNED_PREDICATES = frozenset({CONTENT_HASH, GIVES, OF, TEXT, REPORT_DATA, IDENTITY_KEY})
DOC_PREFIX = f"{ID}doc/"
# Graph names kg build gives: a document's graph is named by the document, an actor's by the
# actor, an event's by the event.
OWNED_GRAPH_PREFIXES = (DOC_PREFIX, ACTOR_PREFIX, DESCRIPTION_PREFIX, EVENT_PREFIX)
# Nodes only kg build describes: statements about them would forge a document's catalogue entry.
OWNED_SUBJECT_PREFIXES = (DOC_PREFIX, DESCRIPTION_PREFIX)


def owned_term(quad: "ox.Quad") -> Optional[str]:
    """Return why ``quad`` is something only kg build writes, or None.

    >>> import pyoxigraph as ox
    >>> owned_term(ox.Quad(ox.NamedNode("http://e/x"), RDF_TYPE, DOCUMENT))
    '<http://e/x> a dip:Document'
    >>> owned_term(ox.Quad(ox.NamedNode("http://e/x"), RDF_TYPE, ox.NamedNode("http://e/C"))) is None
    True
    """
    graph = quad.graph_name
    if isinstance(graph, ox.NamedNode) and graph.value.startswith(OWNED_GRAPH_PREFIXES):
        return f"the graph {graph}, named like the graphs kg build writes"
    return owned_statement(quad.subject, quad.predicate, quad.object)


def owned_statement(subject, predicate, obj, *, own_node=None) -> Optional[str]:
    """Return why a triple is something only kg build writes, or None.

    ``own_node`` is the document whose graph holds the triple: statements about it are its own.
    """
    if predicate in OWNED_PREDICATES:
        return f"dip:{predicate.value.rsplit('#', 1)[1]} (on {subject})"
    if predicate == RDF_TYPE and obj in OWNED_TYPES:
        return f"{subject} a dip:{obj.value.rsplit('#', 1)[1]}"
    if isinstance(subject, ox.NamedNode) and subject.value.startswith(OWNED_SUBJECT_PREFIXES) \
            and subject != own_node:
        return f"a statement about {subject}, a node kg build writes"
    return None


def owned_graph(graph: str) -> Optional[str]:
    """Return why a graph name is kept for kg build's own graphs, or None.

    >>> owned_graph("https://example.org/g") is None
    True
    """
    if graph.startswith(DOC_PREFIX):
        return "is named like a document built by kg build"
    if graph.startswith(ACTOR_PREFIX):
        return "is kept by kg for an actor's description"
    if graph.startswith(DESCRIPTION_PREFIX):
        return "is named like an actor description kept by kg"
    if graph.startswith(EVENT_PREFIX):
        return "is kept by kg for an event merged from the documents that report it"
    return None
