"""Actor description graphs: each actor described once, merged from what documents say of it.

A document's graph holds what was read from it and names the actors it mentions
(``schema:mentions``); each actor's kind, labels, Wikidata id, roles and affiliations live in
one named graph per actor, named by the actor's IRI. So the union of all graphs holds each fact
about an actor once, however many documents mention it: a store of 10,000 documents would
otherwise repeat the United States' label thousands of times, and every query that reads a
label would pay for the copies.

An actor's graph holds the *merge* (``merge``) of the distinct descriptions documents gave of
it: their union, with one ``rdfs:label`` (the others kept as ``skos:altLabel``) and one kind.
The merge does not depend on the order documents arrive in, so a graph built in any order, in
parallel or on a server, is the same.

Each distinct description is also kept in the actor's graph, as a node
(``dip:descriptionOf`` the actor, its triples as N-Triples text in ``dip:descriptionText``)
named by a hash of its content, and each document graph points at the descriptions it gave
(``dip:givesDescription``). Most documents describe an actor the same way, so this costs one
triple per actor per document. When a document is removed or replaced, a description no other
document gives any more is dropped and the actor's graph merged again from the ones left; an
actor no document describes any more loses its graph.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import pyoxigraph as ox

from kg import iris
from kg.vocab import DIP, ID, PREFIXES

_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
_ALT = ox.NamedNode(PREFIXES["skos"] + "altLabel")
_HOLDS_ROLE = ox.NamedNode(str(DIP.holdsRole))
_HAS_GEOMETRY = ox.NamedNode(PREFIXES["geo"] + "hasGeometry")  # a place's point (kg.rdf.geo)
GIVES = ox.NamedNode(str(DIP.givesDescription))
OF = ox.NamedNode(str(DIP.descriptionOf))
DESCRIPTION = ox.NamedNode(str(DIP.ActorDescription))
TEXT = ox.NamedNode(str(DIP.descriptionText))
ACTOR_PREFIX = f"{ID}actor/"
DESCRIPTION_PREFIX = f"{ID}description/"
# When documents disagree on an actor's kind, the first of these wins (in any order of arrival).
KIND_ORDER = tuple(ox.NamedNode(str(DIP[k])) for k in ("Country", "Organization", "Group", "Person", "City", "Place"))
_KIND_RANK = {kind: rank for rank, kind in enumerate(KIND_ORDER)}


@dataclass(frozen=True)
class Description:
    """One document's description of one actor, named by a hash of its content."""

    actor: "ox.NamedNode"
    node: "ox.NamedNode"
    triples: frozenset

    @classmethod
    def of(cls, actor: "ox.NamedNode", triples: Iterable["ox.Triple"]) -> "Description":
        triples = frozenset(triples)
        # the actor's own slug, and a hash of the exact text (descriptions that differ only in case are two)
        name = f"{actor.value.rsplit('/', 1)[-1]}-{iris.short_hash(ntriples(triples))}"
        return cls(actor, ox.NamedNode(f"{DESCRIPTION_PREFIX}{name}"), triples)

    @classmethod
    def from_text(cls, actor: "ox.NamedNode", text: str) -> "Description":
        return cls.of(actor, parse(text))

    def graph_triples(self) -> list["ox.Triple"]:
        """The triples that keep this description in its actor's graph."""
        return [ox.Triple(self.node, _TYPE, DESCRIPTION), ox.Triple(self.node, OF, self.actor),
                ox.Triple(self.node, TEXT, ox.Literal(ntriples(self.triples)))]


def ntriples(triples: Iterable["ox.Triple"]) -> str:
    """Return triples as N-Triples text, one per line, sorted (the same set gives the same text)."""
    return "".join(sorted(f"{t} .\n" for t in triples))


def parse(text: str) -> list["ox.Triple"]:
    """Parse N-Triples text into triples."""
    if not text:
        return []
    return [quad.triple for quad in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]


def by_actor(triples: Iterable["ox.Triple"]) -> dict["ox.NamedNode", Description]:
    """Split description triples into one ``Description`` per actor.

    A triple belongs to its subject's description, a role's triples to the description of the
    actor that holds it (``dip:holdsRole``), and a point's to the place's (``geo:hasGeometry``).
    """
    triples = list(triples)
    holder = {t.object: t.subject for t in triples if t.predicate in (_HOLDS_ROLE, _HAS_GEOMETRY)}
    grouped: dict = {}
    for triple in triples:
        grouped.setdefault(holder.get(triple.subject, triple.subject), []).append(triple)
    return {actor: Description.of(actor, found) for actor, found in grouped.items()}


def _label_rank(label: "ox.Literal") -> tuple:
    """Mixed case before all capitals or all lower case, then code point order."""
    text = label.value
    return (text.isupper() or text.islower(), text)


def merge(triples: Iterable["ox.Triple"]) -> frozenset:
    """Merge descriptions of one actor: their union, one label and one kind per subject.

    The other labels become ``skos:altLabel``; the kind is the first of ``KIND_ORDER`` any of
    them gives. Merging is associative, commutative and idempotent, so the result does not
    depend on the order documents arrive in.
    """
    triples = set(triples)
    labels: dict = {}
    kinds: dict = {}
    for t in triples:
        if t.predicate == _LABEL:
            labels.setdefault(t.subject, []).append(t)
        elif t.predicate == _TYPE and t.object in _KIND_RANK:
            kinds.setdefault(t.subject, []).append(t)
    for subject, found in labels.items():
        keep = min(found, key=lambda t: _label_rank(t.object))
        for t in found:
            if t is not keep:
                triples.discard(t)
                triples.add(ox.Triple(subject, _ALT, t.object))
        triples.discard(ox.Triple(subject, _ALT, keep.object))
    for found in kinds.values():
        keep = min(found, key=lambda t: _KIND_RANK[t.object])
        triples.difference_update(t for t in found if t is not keep)
    return frozenset(triples)


def actor_graph(descriptions: Iterable[Description]) -> str:
    """Return the N-Triples of an actor's graph: the merge of its descriptions, and each of them."""
    descriptions = list(descriptions)
    merged = merge(t for d in descriptions for t in d.triples)
    return ntriples([*merged, *(t for d in descriptions for t in d.graph_triples())])


def is_actor_graph(graph: str) -> bool:
    """Return True when ``graph`` names an actor's description graph."""
    return graph.startswith(ACTOR_PREFIX)
