"""The diplomacy ontology as an rdflib graph, and the event-class facts read from it."""
from __future__ import annotations

from rdflib import Graph

from kg import resources


def load_ontology() -> Graph:
    """Parse and return the packaged ontology (``ontologies/diplomacy.ttl``)."""
    return Graph().parse(data=resources.ontology_text(), format="turtle")
