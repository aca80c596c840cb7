"""Actor description graphs: each actor described once, merged from what documents say of it.

Each document's graph holds what was read from it; the actors it names are described in one
named graph per actor, named by the actor's IRI. A document names an actor with
``schema:mentions`` in its own graph; the actor's kind, labels, Wikidata id, roles and
affiliations live in the actor's graph, so the union of all graphs holds each fact about an
actor once, however many documents mention it (a store of 10,000 documents would otherwise
repeat the United States' label thousands of times, and every query that reads a label would
pay for the copies).

An actor's graph is the *merge* of the descriptions the documents give of it (``merge``):
their union, with one ``rdfs:label`` (the others kept as ``skos:altLabel``) and one actor
kind. The merge does not depend on the order documents arrive in, so a graph built in any
order, in parallel or on a server, is the same.

To rebuild an actor's graph exactly when a document is removed or replaced, each document's
graph keeps the descriptions it gave, as N-Triples text in ``dip:actorDescriptions``, and names
each actor it described with ``dip:describes``. Removing a document merges again the
descriptions of the documents that still describe its actors; an actor no document describes
any more loses its graph.
"""
from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox

from kg.vocab import DIP, ID

_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
_HOLDS_ROLE = ox.NamedNode(str(DIP.holdsRole))
DESCRIBES = ox.NamedNode(str(DIP.describes))
ACTOR_DESCRIPTIONS = ox.NamedNode(str(DIP.actorDescriptions))
ACTOR_PREFIX = f"{ID}actor/"
# When documents disagree on an actor's kind, the first of these wins (in any order of arrival).
KIND_ORDER = tuple(ox.NamedNode(str(DIP[k])) for k in ("Country", "Organization", "Group", "Person", "City", "Place"))
_KIND_RANK = {kind: rank for rank, kind in enumerate(KIND_ORDER)}

Description = frozenset  # of ``ox.Triple``: one actor's description


def parse(ntriples: str) -> list["ox.Triple"]:
    """Parse N-Triples text into triples."""
    if not ntriples:
        return []
    return [quad.triple for quad in ox.parse(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]


def by_actor(triples: Iterable["ox.Triple"]) -> dict["ox.NamedNode", set]:
    """Group description triples by the actor they describe.

    A triple belongs to its subject's description, and a role's triples to the description of
    the actor that holds it (``dip:holdsRole``).
    """
    triples = list(triples)
    holder = {t.object: t.subject for t in triples if t.predicate == _HOLDS_ROLE}
    out: dict = {}
    for triple in triples:
        out.setdefault(holder.get(triple.subject, triple.subject), set()).add(triple)
    return out


def _label_rank(label: "ox.Literal") -> tuple:
    """Mixed case before all capitals or all lower case, then code point order."""
    text = label.value
    return (text.isupper() or text.islower(), text)


def merge(triples: Iterable["ox.Triple"]) -> Description:
    """Merge descriptions of one actor: their union, one label and one kind per subject.

    The other labels become ``skos:altLabel``; the kind is the first of ``KIND_ORDER`` any of
    them gives. Merging is associative, commutative and idempotent:
    ``merge(merge(a) | b) == merge(a | b)``, so an actor's graph can be updated one document at
    a time and still equal the merge of all of them.
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
        if len(found) > 1:
            keep = min(found, key=lambda t: _label_rank(t.object))
            for t in found:
                if t is not keep:
                    triples.discard(t)
                    triples.add(ox.Triple(subject, _ALT, t.object))
    for subject, found in labels.items():
        chosen = next(t.object for t in found if t in triples)
        triples.discard(ox.Triple(subject, _ALT, chosen))
    for subject, found in kinds.items():
        if len(found) > 1:
            keep = min(found, key=lambda t: _KIND_RANK[t.object])
            triples.difference_update(t for t in found if t is not keep)
    return frozenset(triples)


def bookkeeping(graph: str, descriptions: str, actors: Iterable["ox.NamedNode"]) -> str:
    """Return the N-Triples a document graph keeps to rebuild its actors' graphs later."""
    doc = f"<{graph}>"
    lines = [f"{doc} {DESCRIBES} {actor} .\n" for actor in sorted(actors, key=str)]
    if descriptions:
        lines.append(f"{doc} {ACTOR_DESCRIPTIONS} {ox.Literal(descriptions)} .\n")
    return "".join(lines)


def is_actor_graph(graph: str) -> bool:
    """Return True when ``graph`` names an actor's description graph."""
    return graph.startswith(ACTOR_PREFIX)
