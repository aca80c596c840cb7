"""The project's IRI bases and the one prefix map, as plain strings (no RDF library needed).

Every module that writes or reads prefixed names (SPARQL prologues, Turtle and TriG output,
``--param dip:Summit``, rdflib graphs) takes them from ``PREFIXES``; ``kg.vocab`` builds the
rdflib namespaces from the same strings. Extraction mints IRIs (``kg.iris``) from ``ID``
without importing rdflib.

>>> PREFIXES["dip"] == NS and PREFIXES["kgid"] == ID
True
>>> print(sparql_prologue({"dip": NS}))
PREFIX dip: <https://w3id.org/diplokg/ontology#>
<BLANKLINE>
"""
from __future__ import annotations

from typing import Mapping

NS = "https://w3id.org/diplokg/ontology#"  # the ontology's terms: dip:Summit, dip:agent...
ID = "https://w3id.org/diplokg/id/"  # what extraction mints: documents, actors, events...
ONTOLOGY = "https://w3id.org/diplokg/ontology"  # the ontology itself (owl:Ontology)

PREFIXES: Mapping[str, str] = {
    "dip": NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "wd": "http://www.wikidata.org/entity/",
    "geo": "http://www.opengis.net/ont/geosparql#",  # GeoSPARQL: places' points (kg.rdf.geo)
    "kgid": ID,
}


def sparql_prologue(prefixes: Mapping[str, str] = PREFIXES) -> str:
    """Return ``PREFIX name: <iri>`` lines declaring ``prefixes``, one per line."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items())
