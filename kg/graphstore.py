"""What every diplokg store shares, local or remote: one named graph per document, one per actor.

A document's graph is named by the document's IRI and holds everything read from it; each
actor is described once, in a graph named by the actor's IRI that merges what the documents
say of it (``kg.descriptions``). ``write_document`` and ``remove_graph`` keep the two in step in
one update request, which the store applies as one transaction: removing a document leaves the
actors other documents still describe, described by those documents alone.

``DocumentCatalog`` answers the questions the pipeline and ``kg list`` ask (which documents,
what content hash, which graph) in SPARQL, so a local Oxigraph store and a remote SPARQL endpoint
answer them the same way; a store class supplies ``_select``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Optional

import pyoxigraph as ox

from kg import descriptions

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
_DESCRIBED_BY = f"SELECT ?a WHERE {{ GRAPH ?g {{ ?g <{DIP}describes> ?a }} }}"
_DESCRIPTIONS_OF = (f"SELECT DISTINCT ?g ?d WHERE {{ GRAPH ?g {{ ?g <{DIP}describes> ?a ; <{DIP}actorDescriptions> ?d }} "
                    "FILTER(?g != ?excluded) }")
_CONTENTS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


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
    """Document-level reads and writes shared by the store classes.

    A store class implements ``query`` and ``_update`` (one SPARQL UPDATE request, applied as
    one transaction); it may answer the small reads below faster than SPARQL does.
    """

    def query(self, text: str, *, bindings=None, union: bool = True, **options):
        raise NotImplementedError

    def _update(self, update: str) -> None:
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

    # ------------------------------------------------------------------ actor graphs
    def _described_by(self, graph_iri: str) -> list:
        """Return the actors whose descriptions the stored document ``graph_iri`` gave."""
        return [row["a"] for row in self._select(_DESCRIBED_BY, {"g": self._iri(graph_iri)})]

    def _graph_contents(self, graphs: Iterable) -> dict:
        """Return the triples of each named graph (``ox.NamedNode`` -> set of ``ox.Triple``)."""
        graphs = list(graphs)
        out: dict = {g: set() for g in graphs}
        for start in range(0, len(graphs), 200):
            values = " ".join(str(g) for g in graphs[start:start + 200])
            for row in self._select(_CONTENTS.replace("WHERE {", f"WHERE {{ VALUES ?g {{ {values} }}", 1)):
                out[row["g"]].add(ox.Triple(row["s"], row["p"], row["o"]))
        return out

    def _descriptions_of(self, actors: list, excluding: str) -> list[str]:
        """Return the descriptions (N-Triples) every other document gave of any of ``actors``."""
        found: dict = {}
        for start in range(0, len(actors), 200):
            values = " ".join(str(a) for a in actors[start:start + 200])
            query = _DESCRIPTIONS_OF.replace("WHERE {", f"WHERE {{ VALUES ?a {{ {values} }}", 1)
            for row in self._select(query, {"excluded": self._iri(excluding)}):
                found[row["g"].value] = row["d"].value
        return list(found.values())

    def _rebuilt(self, actors: list, excluding: str) -> dict:
        """Merge again what the documents other than ``excluding`` say of each of ``actors``."""
        parts: dict = {actor: set() for actor in actors}
        for text in self._descriptions_of(actors, excluding):
            for actor, triples in descriptions.by_actor(descriptions.parse(text)).items():
                if actor in parts:
                    parts[actor] |= triples
        return {actor: descriptions.merge(triples) for actor, triples in parts.items()}

    def write_document(self, graph_iri: str, ntriples: str, described: str = "") -> None:
        """Store a document: replace its graph and merge its actor descriptions, in one transaction.

        Args:
            graph_iri: the document's IRI, the name of its graph.
            ntriples: the document graph (``kg.mapping.MappedDocument.ntriples``).
            described: the document's actor descriptions (``MappedDocument.descriptions``).
        """
        contributed = descriptions.by_actor(descriptions.parse(described))
        existed = self.has_graph(graph_iri)
        old = set(self._described_by(graph_iri)) if existed else set()
        rebuilt = self._rebuilt(sorted(old, key=str), graph_iri) if old else {}
        current = self._graph_contents(a for a in contributed if a not in old)
        drops = [graph_iri] if existed else []
        graphs = {graph_iri: ntriples + descriptions.bookkeeping(graph_iri, described, contributed)}
        for actor in sorted(old | set(contributed), key=str):
            base = rebuilt[actor] if actor in old else current.get(actor, set())
            merged = descriptions.merge(base | contributed.get(actor, set()))
            if actor not in old and merged == base:
                continue  # this document says nothing new of the actor: its graph stays as it is
            if actor in old or base:
                drops.append(actor.value)
            if merged:
                graphs[actor.value] = "".join(f"{t} .\n" for t in sorted(merged, key=str))
        self._update(_replace_graphs(drops, graphs))

    def remove_graph(self, graph_iri: str) -> bool:
        """Remove a named graph, and its document's descriptions from the actors' graphs.

        Returns False when the graph was not there.
        """
        if not self.has_graph(graph_iri):
            return False
        old = sorted(self._described_by(graph_iri), key=str)
        rebuilt = self._rebuilt(old, graph_iri) if old else {}
        graphs = {actor.value: "".join(f"{t} .\n" for t in sorted(triples, key=str))
                  for actor, triples in rebuilt.items() if triples}
        self._update(_replace_graphs([graph_iri, *(a.value for a in old)], graphs))
        return True

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


def _replace_graphs(drops: list[str], graphs: Mapping[str, str]) -> str:
    """One SPARQL UPDATE request: drop graphs, then fill graphs with N-Triples text."""
    operations = [f"DROP SILENT GRAPH {ox.NamedNode(g)}" for g in drops]
    if graphs:
        blocks = "".join(f"GRAPH {ox.NamedNode(g)} {{\n{nt}\n}}\n" for g, nt in graphs.items())
        operations.append(f"INSERT DATA {{\n{blocks}}}")
    return " ;\n".join(operations)
