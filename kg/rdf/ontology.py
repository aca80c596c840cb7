"""The diplomacy ontology as an rdflib graph, and the event-class facts read from it.

``read_event_classes`` is the one place the event-class facts (parent, quad class, PLOVER and
CAMEO codes, symmetry, trigger words) are read; everything else gets them as a plain
``kg.event_classes.EventClasses`` table.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Union

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg import resources
from kg.errors import InputError
from kg.event_classes import EventClass, EventClasses
from kg.vocab import DIP, NS


def load_ontology(path: Optional[Union[str, os.PathLike]] = None) -> Graph:
    """Parse and return the ontology: the packaged ``diplomacy.ttl``, or the Turtle file at ``path``.

    Raises:
        InputError: ``path`` cannot be read or is not valid Turtle.
    """
    if path is None:
        return Graph().parse(data=resources.ontology_text(), format="turtle")
    try:
        text = Path(path).read_text(encoding="utf-8")
        return Graph().parse(data=text, format="turtle")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the ontology ({exc})") from exc
    except Exception as exc:  # rdflib raises several parser errors for malformed Turtle
        raise InputError(f"{path}: not a valid Turtle ontology ({exc})") from exc


def _local(node) -> Optional[str]:
    """Return the local name of a ``dip:`` IRI, or None for anything else."""
    text = str(node)
    return text[len(NS):] if isinstance(node, URIRef) and text.startswith(NS) else None


def _event_class_nodes(ontology: Graph) -> list[URIRef]:
    """Return every ``dip:`` class below ``dip:Event`` (transitively), sorted by IRI."""
    found: set[URIRef] = set()
    frontier = [DIP.Event]
    while frontier:
        for sub in ontology.subjects(RDFS.subClassOf, frontier.pop()):
            if _local(sub) and sub not in found and sub != DIP.Event:
                found.add(sub)
                frontier.append(sub)
    return sorted(found)


def _text(ontology: Graph, node: URIRef, prop: URIRef) -> Optional[str]:
    value = ontology.value(node, prop)
    return str(value) if value is not None else None


def _event_class(ontology: Graph, node: URIRef) -> EventClass:
    parents = sorted(p for p in ontology.objects(node, RDFS.subClassOf) if _local(p) and p != DIP.Event)
    symmetric = any(isinstance(v, Literal) and str(v).lower() == "true" for v in ontology.objects(node, DIP.symmetric))
    quad = ontology.value(node, DIP.quadClass)
    return EventClass(
        name=_local(node), parent=_local(parents[0]) if parents else None,
        label=_text(ontology, node, RDFS.label) or "", quad_class=_local(quad) if quad is not None else None,
        plover=tuple(sorted(str(v) for v in ontology.objects(node, DIP.ploverCategory))),
        cameo=tuple(sorted(str(v) for v in ontology.objects(node, DIP.cameoCode))),
        plover_quad=tuple(sorted(_local(v) for v in ontology.objects(node, DIP.ploverQuadClass))),
        symmetric=symmetric,
        verbs=tuple(str(v) for v in ontology.objects(node, DIP.triggerVerb)),
        nouns=tuple(str(v) for v in ontology.objects(node, DIP.triggerNoun)),
    )


def read_event_classes(ontology: Optional[Graph] = None) -> EventClasses:
    """Return the event classes the ontology declares below ``dip:Event``, sorted by name.

    Args:
        ontology: the parsed ontology; the packaged one when omitted.
    Returns:
        An ``EventClasses`` table (plain records, no rdflib terms).

    >>> classes = read_event_classes()
    >>> classes["Summit"].parent, classes.quad_class("Summit"), "Summit" in classes.family("Meeting")
    ('Meeting', 'VerbalCooperation', True)
    """
    if ontology is None:
        ontology = load_ontology()
    return EventClasses(tuple(_event_class(ontology, node) for node in _event_class_nodes(ontology)))
