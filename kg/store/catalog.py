"""What every diplokg store shares, local or remote: one named graph per document, actor and event.

A document's graph is named by the document's IRI and holds everything read from it; each
actor is described once, in a graph named by the actor's IRI that merges what the documents
say of it (``kg.store.descriptions``); each real event has a graph named by its IRI, merged from
the reports of every document that reports it (``kg.store.events``). ``write_document`` and
``remove_graph`` keep the three in step in one update request, which the store applies as one
transaction: removing a document leaves the actors and events other documents still give,
merged from those documents alone.

``DocumentCatalog`` answers the questions the pipeline and ``kg list`` ask (which documents,
what content hash, which graph) in SPARQL, so a local Oxigraph store and a remote SPARQL endpoint
answer them the same way; a store class supplies ``_select``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Optional, Sequence

import pyoxigraph as ox

from kg.prefixes import NS, PREFIXES, sparql_prologue
from kg.store import descriptions
from kg.store.events import EventGraphs, parse_reports, plan_events

DCTERMS, PROV = PREFIXES["dcterms"], PREFIXES["prov"]

_DOCUMENTS = sparql_prologue({name: PREFIXES[name] for name in ("dip", "dcterms", "schema")}) + f"""
SELECT ?g ?id ?date ?title ?hash (COUNT(DISTINCT ?actor) AS ?actors) WHERE {{
  GRAPH ?g {{
    ?doc a dip:Document ; dcterms:identifier ?id ; dip:contentHash ?hash .
    OPTIONAL {{ ?doc dcterms:date ?date }}
    OPTIONAL {{ ?doc dcterms:title ?title }}
    OPTIONAL {{ ?doc schema:mentions ?actor }}
  }}
}} GROUP BY ?g ?id ?date ?title ?hash"""
# events per document, wherever they are kept (a document's own graph, or the events' graphs)
_EVENTS_PER_DOCUMENT = f"""
SELECT ?d (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH ?g {{ ?e <{PROV}wasDerivedFrom> ?d }} }} GROUP BY ?d"""
_TRIPLES_PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_HASH = f"SELECT ?h WHERE {{ GRAPH ?g {{ ?d <{NS}contentHash> ?h }} }} LIMIT 1"
_GRAPH_OF_ID = (f"SELECT ?g WHERE {{ GRAPH ?g {{ ?d a <{NS}Document> ; <{DCTERMS}identifier> ?id }} }} "
                "LIMIT 1")
_HAS_GRAPH = "ASK { GRAPH ?g { ?s ?p ?o } }"
_GIVEN_BY = (f"SELECT ?v ?a WHERE {{ GRAPH ?g {{ ?g <{NS}givesDescription> ?v }} "
             f"GRAPH ?a {{ ?v <{NS}descriptionOf> ?a }} }}")
_GIVEN_ELSEWHERE = f"ASK {{ GRAPH ?other {{ ?d <{NS}givesDescription> ?v }} FILTER(?other != ?g) }}"
_STORED = f"SELECT ?v WHERE {{{{ VALUES (?v ?a) {{{{ {{rows}} }}}} GRAPH ?a {{{{ ?v <{NS}descriptionOf> ?a }}}} }}}}"
_ORPHANS = (f"SELECT ?v ?a WHERE {{ GRAPH ?a {{ ?v <{NS}descriptionOf> ?a }} "
            f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?d <{NS}givesDescription> ?v }} }} }}")
_KEPT = f"SELECT ?a ?t WHERE {{ GRAPH ?a {{ ?v <{NS}descriptionOf> ?a ; <{NS}descriptionText> ?t }} }}"

_SUMMARY = {
    "documents": f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?g a <{NS}Document> }} }}",
    "actors": f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ GRAPH ?a {{ ?v <{NS}descriptionOf> ?a }} }}",
    "events": f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH ?g {{ ?e <{PROV}wasDerivedFrom> ?d }} }}",
    "statements": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
}


@dataclass(frozen=True)
class StoreSummary:
    """What a store holds, each thing counted once (``kg build``'s last line)."""

    documents: int
    actors: int  # actors and places described in the store (one graph each)
    events: int
    statements: int  # quads, bookkeeping included


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


class DocumentCatalog(EventGraphs):
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

    def replace_graphs_with(self, graphs: Sequence[str], quads: Iterable["ox.Quad"]) -> None:
        """Replace the content of named graphs with ``quads`` (each in one of them), in one request.

        Used by ``kg import``; a store may write a large import in steps (``Store``).
        """
        self._update(replace_graphs(list(graphs), {}, insert=insert_data(quads)))

    # ------------------------------------------------------------------ actor graphs
    # The reads ``write_document`` and ``remove_graph`` make; the local store answers them
    # from Oxigraph's indexes instead.
    def _given_by(self, graph_iri: str) -> dict:
        """Return the descriptions a stored document gave: ``{description node: actor}``."""
        return {row["v"]: row["a"] for row in self._select(_GIVEN_BY, {"g": self._iri(graph_iri)})}

    def _given_elsewhere(self, node, graph_iri: str) -> bool:
        """Return True when a document other than ``graph_iri`` gives the description ``node``."""
        return self._ask(_GIVEN_ELSEWHERE, {"v": node, "g": self._iri(graph_iri)})

    def _stored(self, found: list) -> set:
        """Return which of these descriptions are already kept in their actor's graph (one query)."""
        if not found:
            return set()
        rows = " ".join(sorted({f"({d.node} {d.actor})" for d in found}))
        return {row["v"] for row in self._select(_STORED.format(rows=rows))}

    def _kept(self, actor) -> list[descriptions.Description]:
        """Return the descriptions kept in an actor's graph."""
        return [descriptions.Description.from_text(actor, row["t"].value) for row in self._select(_KEPT, {"a": actor})]

    def _kept_changed(self, added: set, gone: set) -> None:
        """Called after a write that added and dropped these descriptions (a cache may follow)."""

    def _written(self) -> None:
        """Called after each whole write (a document, a removal): a store may tell readers."""

    def _actor_updates(self, graph_iri: str, given: dict, dropping: bool) -> tuple[list[str], dict, set, set]:
        """Work out which actor graphs change when a document's descriptions become ``given``.

        Returns the graphs to drop, the graphs to write (IRI -> N-Triples), and the description
        nodes added and dropped: an actor's graph changes only when the document brings a
        description it does not keep yet, or took away the last use of one.
        """
        old = self._given_by(graph_iri) if dropping else {}
        gone = {node: actor for node, actor in old.items()
                if node not in {d.node for d in given.values()} and not self._given_elsewhere(node, graph_iri)}
        return self._merge_actors(self._new_descriptions(list(given.values())), gone)

    def _new_descriptions(self, given: list) -> dict:
        """Return the descriptions in ``given`` not kept yet, by actor: ``{actor: {node: d}}``."""
        stored = self._stored(given)
        new: dict = {}
        for d in given:
            if d.node not in stored:
                new.setdefault(d.actor, {})[d.node] = d
        return new

    def _merge_actors(self, new: dict, gone: dict) -> tuple[list[str], dict, set, set]:
        """Merge the actors' graphs again with the ``new`` descriptions and without the ``gone`` ones."""
        drops, graphs = [], {}
        for actor in sorted({*new, *gone.values()}, key=str):
            kept = [d for d in self._kept(actor) if d.node not in gone]
            kept.extend(new.get(actor, {}).values())
            drops.append(actor.value)
            if kept:
                graphs[actor.value] = descriptions.actor_graph(kept)
        return drops, graphs, {node for found in new.values() for node in found}, set(gone)

    def write_document(self, graph_iri: str, ntriples: str, described: str = "", reports="") -> None:
        """Store a document: replace its graph, merge its actor descriptions and its events, in one transaction.

        Args:
            graph_iri: the document's IRI, the name of its graph.
            ntriples: the document graph (``kg.rdf.mapping.MappedDocument.ntriples``).
            described: N-Triples of the document's descriptions of the actors it uses
                (``MappedDocument.descriptions``).
            reports: the document's reports of events, one JSON object a line
                (``kg.rdf.reports.Report.to_json``), or the ``Report`` objects; the store links them to the events other
                documents report (``kg.store.events.plan_events``).
        """
        given = descriptions.by_actor(descriptions.parse(described))
        existed = self.has_graph(graph_iri)
        drops, graphs, added, gone = self._actor_updates(graph_iri, given, existed)
        events = plan_events(self, parse_reports(reports), {graph_iri} if existed else set())
        pointers = gives_ntriples(graph_iri, given.values())
        self._update(replace_graphs([graph_iri] * existed + drops + events.drops,
                                    {graph_iri: ntriples + pointers, **graphs, **events.graphs}))
        self._kept_changed(added, gone)
        self._written()

    def write_documents(self, documents: Iterable[tuple]) -> None:
        """Store documents in order: ``(graph_iri, ntriples, described[, reports])`` as for ``write_document``.

        Each document is written in its own transaction here; a store may write several at once,
        provided each ends either fully stored or not at all.
        """
        for document in documents:
            self.write_document(*document)

    def repair_descriptions(self) -> int:
        """Drop the kept descriptions no stored document gives, and merge their actors again.

        A write that stopped between merging a group's descriptions into the actors' graphs and
        storing the documents themselves (``Store.write_documents``) leaves such descriptions.
        Returns how many were dropped.
        """
        gone = {row["v"]: row["a"] for row in self._select(_ORPHANS)}
        if gone:
            drops, graphs, _, dropped = self._merge_actors({}, gone)
            self._update(replace_graphs(drops, graphs))
            self._kept_changed(set(), dropped)
        return len(gone)

    def repair(self) -> None:
        """Drop what a group write that stopped half way left: descriptions and reports no stored document gives."""
        self.repair_descriptions()
        self.repair_events()

    def repair_events(self) -> int:
        """Merge again the events that keep reports of documents the store does not hold.

        A write of a group of documents that stopped between changing the events they join and
        storing the documents themselves (``Store.write_documents``) leaves such reports.
        Returns how many documents they named.
        """
        missing = self._missing_documents()
        if missing:
            plan = plan_events(self, (), missing)
            self._update(replace_graphs(plan.drops, plan.graphs))
        return len(missing)

    def remove_graph(self, graph_iri: str) -> bool:
        """Remove a named graph, its document's descriptions from the actors' graphs and its reports from the events.

        Returns False when the graph was not there.
        """
        if not self.has_graph(graph_iri):
            return False
        drops, graphs, added, gone = self._actor_updates(graph_iri, {}, True)
        events = plan_events(self, (), {graph_iri})
        self._update(replace_graphs([graph_iri, *drops, *events.drops], {**graphs, **events.graphs}))
        self._kept_changed(added, gone)
        self._written()
        return True

    def summary(self) -> StoreSummary:
        """Count the documents, actors, events and statements the store holds, each once."""
        return StoreSummary(**{key: int(self._select(query)[0]["n"].value) for key, query in _SUMMARY.items()})

    def documents(self) -> list[StoredDocument]:
        """Return the stored documents with their counts, sorted by id."""
        events = {row["d"].value: int(row["n"].value) for row in self._select(_EVENTS_PER_DOCUMENT)}
        triples = {row["g"].value: int(row["n"].value) for row in self._select(_TRIPLES_PER_GRAPH)}
        out = []
        for row in self._select(_DOCUMENTS):
            graph = row["g"].value
            out.append(StoredDocument(
                row["id"].value, graph, row["date"].value if row.get("date") else None,
                row["title"].value if row.get("title") else None, row["hash"].value,
                int(row["actors"].value), events.get(graph, 0), triples.get(graph, 0)))
        return sorted(out, key=lambda d: d.doc_id)


def gives_ntriples(graph_iri: str, given: Iterable) -> str:
    """N-Triples saying that a document gives these descriptions."""
    doc = str(ox.NamedNode(graph_iri))
    return "".join(f"{doc} {descriptions.GIVES} {d.node} .\n" for d in given)


def replace_graphs(drops: list[str], graphs: Mapping[str, str], *, insert: str = "") -> str:
    """One SPARQL UPDATE request: drop graphs, then fill graphs with N-Triples text.

    ``insert`` is the body of a further ``INSERT DATA`` (``insert_data``).
    """
    operations = [f"DROP SILENT GRAPH {ox.NamedNode(g)}" for g in drops]
    blocks = "".join(f"GRAPH {ox.NamedNode(g)} {{\n{nt}\n}}\n" for g, nt in graphs.items()) + insert
    if blocks:
        operations.append(f"INSERT DATA {{\n{blocks}}}")
    return " ;\n".join(operations)


def insert_data(quads: Iterable["ox.Quad"]) -> str:
    r"""The body of an ``INSERT DATA`` holding quads, one ``GRAPH`` block per run of one graph.

    >>> import pyoxigraph as ox
    >>> g, s = ox.NamedNode("http://e/g"), ox.NamedNode("http://e/s")
    >>> insert_data([ox.Quad(s, s, s, g), ox.Quad(s, s, ox.Literal("x"), g)])
    'GRAPH <http://e/g> {\n<http://e/s> <http://e/s> <http://e/s> .\n<http://e/s> <http://e/s> "x" .\n}\n'
    """
    parts, current = [], None
    for quad in quads:
        if quad.graph_name != current:
            if isinstance(current, ox.NamedNode):
                parts.append("}\n")
            current = quad.graph_name
            if isinstance(current, ox.NamedNode):
                parts.append(f"GRAPH {current} {{\n")
        parts.append(f"{quad.subject} {quad.predicate} {quad.object} .\n")
    if isinstance(current, ox.NamedNode):
        parts.append("}\n")
    return "".join(parts)
