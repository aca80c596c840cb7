"""What every diplokg store shares, local or remote: one named graph per document.

A document's graph is named by the document's IRI and holds everything read from it, including
copies of the actor descriptions it uses. Actors keep one IRI across documents (minted from the
canonical name), so the union graph merges them, and dropping one document's graph leaves the
actor triples that other documents' graphs hold.

``DocumentCatalog`` answers the questions the pipeline and ``kg list`` ask (which documents,
what content hash, which graph) in SPARQL, so a local Oxigraph store and a remote SPARQL endpoint
answer them the same way; a store class supplies ``_select``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional

import pyoxigraph as ox

DIP = "https://w3id.org/diplokg/ontology#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"

_DOCUMENTS = f"""
PREFIX dip: <{DIP}>
PREFIX dcterms: <{DCTERMS}>
PREFIX schema: <{SCHEMA}>
SELECT ?g ?id ?date ?title ?hash (COUNT(DISTINCT ?actor) AS ?actors) WHERE {{
  GRAPH ?g {{
    ?doc a dip:Document ; dcterms:identifier ?id ; dip:contentHash ?hash .
    OPTIONAL {{ ?doc dcterms:date ?date }}
    OPTIONAL {{ ?doc dcterms:title ?title }}
    OPTIONAL {{ ?doc schema:mentions ?actor }}
  }}
}} GROUP BY ?g ?id ?date ?title ?hash"""
_EVENTS_PER_GRAPH = f"""
SELECT ?g (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH ?g {{ ?e <{PROV}wasDerivedFrom> ?d }} }} GROUP BY ?g"""
_TRIPLES_PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_HASH = f"SELECT ?h WHERE {{ GRAPH ?g {{ ?d <{DIP}contentHash> ?h }} }} LIMIT 1"
_GRAPH_OF_ID = (f"SELECT ?g WHERE {{ GRAPH ?g {{ ?d a <{DIP}Document> ; <{DCTERMS}identifier> ?id }} }} "
                "LIMIT 1")
_HAS_GRAPH = "ASK { GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class StoredDocument:
    """One row of ``kg list``."""

    doc_id: str
    graph: str
    date: Optional[str]
    title: Optional[str]
    content_hash: Optional[str]
    actors: int
    events: int
    triples: int


class DocumentCatalog:
    """Document-level reads shared by the store classes; they implement ``_select`` and ``_ask``."""

    def query(self, text: str, *, bindings=None, union: bool = True, **options):
        raise NotImplementedError

    def _select(self, query: str, bindings: Optional[Mapping[str, object]] = None) -> list[dict]:
        result = self.query(query, bindings=bindings, union=False)
        names = [v.value for v in result.variables]
        return [{name: row[name] for name in names} for row in result]

    def _ask(self, query: str, bindings: Optional[Mapping[str, object]] = None) -> bool:
        return bool(self.query(query, bindings=bindings, union=False))

    @staticmethod
    def _iri(value: str):
        return ox.NamedNode(value)

    @staticmethod
    def _literal(value: str):
        return ox.Literal(value)

    def stored_hash(self, graph_iri: str) -> Optional[str]:
        """Return the content hash stored for a document graph, or None."""
        rows = self._select(_HASH, {"g": self._iri(graph_iri)})
        return rows[0]["h"].value if rows else None

    def graph_for_doc_id(self, doc_id: str) -> Optional[str]:
        """Return the graph IRI of the document with this identifier, or None."""
        rows = self._select(_GRAPH_OF_ID, {"id": self._literal(doc_id)})
        return rows[0]["g"].value if rows else None

    def has_graph(self, graph_iri: str) -> bool:
        """Return True when the named graph holds at least one triple."""
        return self._ask(_HAS_GRAPH, {"g": self._iri(graph_iri)})

    def documents(self) -> list[StoredDocument]:
        """Return the stored documents with their counts, sorted by id."""
        events = {row["g"].value: int(row["n"].value) for row in self._select(_EVENTS_PER_GRAPH)}
        triples = {row["g"].value: int(row["n"].value) for row in self._select(_TRIPLES_PER_GRAPH)}
        out = []
        for row in self._select(_DOCUMENTS):
            graph = row["g"].value
            out.append(StoredDocument(
                row["id"].value, graph, row["date"].value if row.get("date") else None,
                row["title"].value if row.get("title") else None, row["hash"].value,
                int(row["actors"].value), events.get(graph, 0), triples.get(graph, 0)))
        return sorted(out, key=lambda d: d.doc_id)
