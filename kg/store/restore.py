"""Restore a kg export (TriG or N-Quads of a whole store) into a store: the backup path.

``kg export --output backup.trig`` writes every named graph of a store; ``kg import
backup.trig --store restored`` gives back the same documents, actor graphs and imported graphs,
quad for quad (``kg export`` of the restored store writes the same bytes). The file is first
bulk-loaded into a scratch Oxigraph store beside the target (memory stays flat), then checked
as a whole; only a consistent export is written, so a hand-edited or forged one is refused
with the first problem found and leaves the store untouched:

* each document graph holds one ``dip:Document``, named like the graph, whose identifier gives
  that name and which has a content hash; terms only kg build writes appear nowhere else;
* each actor graph is exactly the merge of the descriptions it keeps
  (``kg.store.descriptions.actor_graph``), each kept description is given by a document of the
  file, and each description a document points at is kept;
* each event graph is exactly the merge of the reports it keeps (``kg.store.identity``), and
  each report is of a document of the file;
* the default graph holds nothing but the ontology (``kg export --with-ontology``), which is
  not stored.

Documents are then written, with their reports of events, through the store's normal write path
(``write_documents``), so restoring into a store that already holds documents merges the actor
and event graphs as a build would, and a document of the same id is replaced.
"""
from __future__ import annotations

import contextlib
import itertools
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from kg import iris, resources
from kg.errors import InputError
from kg.rdf.reports import Report, event_graph
from kg.store import descriptions
from kg.store.events import EVENT_PREFIX, REPORT_DATA
from kg.store.identity import merged_event, ranked
from kg.store.imports import ImportReport
from kg.store.owned import (ACTOR_PREFIX, CONTENT_HASH, DOCUMENT, GIVES, IDENTIFIER, RDF_TYPE, owned_statement,
                            owned_term)
from kg.store.parsing import RdfSource
from kg.store.upgrade import compact_export

CHUNK = 20_000  # quads per bulk load into the scratch store (memory stays flat)
DOCUMENTS_PER_WRITE = 64  # documents handed to the store at once (as kg build does)


@dataclass
class _Plan:
    """What a checked export holds."""

    documents: dict = field(default_factory=dict)  # graph -> doc id
    actors: list = field(default_factory=list)  # actor graphs
    events: dict = field(default_factory=dict)  # event graph -> its reports
    others: list = field(default_factory=list)  # imported graphs
    kept: dict = field(default_factory=dict)  # description node -> Description
    ontology: int = 0  # default-graph triples of the ontology, not stored


def restore_export(store, source: RdfSource, *, default_graph: str) -> ImportReport:
    """Check a kg export as a whole, then write its documents and graphs into ``store``.

    Raises:
        InputError: the file is not a consistent kg export (the store is not touched).
    """
    with _scratch(store) as scratch:
        _load(scratch, source)
        compact_export(scratch)  # an export of an older store: its mentions as a build writes them now
        total = len(scratch)
        plan = _check(scratch, source.name)
        replaced = tuple(g for g in [*plan.documents, *plan.others] if store.has_graph(g))
        _write_documents(store, scratch, plan)
        if plan.others:
            store.replace_graphs_with(plan.others, itertools.chain.from_iterable(
                scratch.quads_for_pattern(None, None, None, ox.NamedNode(g)) for g in plan.others))
    return ImportReport(graphs=tuple(plan.others), triples=total - plan.ontology, format=source.fmt,
                        replaced=replaced, documents=len(plan.documents), ontology=plan.ontology)


@contextlib.contextmanager
def _scratch(store) -> Iterator["ox.Store"]:
    """An on-disk Oxigraph store in a scratch folder beside the store, removed afterwards."""
    folder = store.scratch_folder() if callable(getattr(store, "scratch_folder", None)) else None
    with tempfile.TemporaryDirectory(dir=folder, prefix="kg-scratch-") as path:
        scratch = ox.Store(str(Path(path) / "oxigraph"))
        try:
            yield scratch
        finally:
            del scratch


def _load(scratch: "ox.Store", source: RdfSource) -> int:
    """Bulk-load the file into the scratch store ``CHUNK`` quads at a time; return the quad count."""
    quads = source.quads()
    while batch := list(itertools.islice(quads, CHUNK)):
        scratch.bulk_extend(batch)
    return len(scratch)


# --- checks -------------------------------------------------------------------------------


def _refuse(name: str, problem: str) -> InputError:
    return InputError(f"{name}: not a consistent kg export, nothing restored: {problem}")


def _check(scratch: "ox.Store", name: str) -> _Plan:
    plan = _Plan()
    _find_documents(scratch, name, plan)
    graphs = {g.value for g in scratch.named_graphs()}
    plan.actors = sorted(g for g in graphs if g.startswith(ACTOR_PREFIX))
    events = sorted(g for g in graphs if g.startswith(EVENT_PREFIX))
    plan.others = sorted(graphs - set(plan.documents) - set(plan.actors) - set(events))
    for actor in plan.actors:
        _check_actor_graph(scratch, name, actor, plan)
    for event in events:
        _check_event_graph(scratch, name, event, plan)
    _check_placement(scratch, name, plan)
    given = {q.object for g in plan.documents for q in scratch.quads_for_pattern(None, GIVES, None, ox.NamedNode(g))}
    for node in given - set(plan.kept):
        raise _refuse(name, f"a document gives the description {node}, which no actor graph keeps")
    for node in set(plan.kept) - given:
        raise _refuse(name, f"the description {node} is kept, but no document gives it")
    return plan


def _find_documents(scratch: "ox.Store", name: str, plan: _Plan) -> None:
    for quad in scratch.quads_for_pattern(None, RDF_TYPE, DOCUMENT, None):
        graph = quad.graph_name
        if not isinstance(graph, ox.NamedNode) or quad.subject != graph:
            where = "the default graph" if isinstance(graph, ox.DefaultGraph) else f"graph {graph}"
            raise _refuse(name, f"{quad.subject} a dip:Document in {where}: each document is its own "
                                "named graph, named like it (a Turtle or N-Triples export is the union of "
                                "the graphs and cannot be restored: export to TriG or N-Quads)")
        ids = [q.object for q in scratch.quads_for_pattern(graph, IDENTIFIER, None, graph)]
        hashes = list(scratch.quads_for_pattern(graph, CONTENT_HASH, None, graph))
        if len(ids) != 1 or not isinstance(ids[0], ox.Literal) or len(hashes) != 1:
            raise _refuse(name, f"the document {graph} needs one identifier and one content hash")
        if iris.document_iri(ids[0].value) != graph.value:
            raise _refuse(name, f"the document {graph} has the identifier {ids[0]}, which names another graph")
        if graph.value in plan.documents:
            raise _refuse(name, f"the graph {graph} holds two documents")
        plan.documents[graph.value] = ids[0].value


def _check_actor_graph(scratch: "ox.Store", name: str, actor: str, plan: _Plan) -> None:
    node = ox.NamedNode(actor)
    kept = []
    for quad in scratch.quads_for_pattern(None, descriptions.TEXT, None, node):
        found = descriptions.Description.from_text(node, quad.object.value)
        if found.node != quad.subject:
            raise _refuse(name, f"the description {quad.subject} of {node} was edited (its text no longer "
                                "matches its name)")
        kept.append(found)
        plan.kept[found.node] = found
    expected = {str(q.triple) for q in ox.parse(descriptions.actor_graph(kept).encode("utf-8"),
                                                format=ox.RdfFormat.N_TRIPLES)} if kept else set()
    actual = {str(q.triple) for q in scratch.quads_for_pattern(None, None, None, node)}
    if expected != actual:
        extra = sorted(actual - expected) or sorted(expected - actual)
        raise _refuse(name, f"the actor graph {node} is not the merge of the descriptions it keeps "
                            f"(first difference: {extra[0]})")


def _check_event_graph(scratch: "ox.Store", name: str, event: str, plan: _Plan) -> None:
    node = ox.NamedNode(event)
    try:
        reports = ranked([Report.from_json(q.object.value) for q in scratch.quads_for_pattern(node, REPORT_DATA, None, node)])
    except (ValueError, TypeError, KeyError) as exc:
        raise _refuse(name, f"the event graph {node} keeps a report that cannot be read ({exc})") from None
    for report in reports:
        if report.document not in plan.documents:
            raise _refuse(name, f"the event graph {node} keeps a report of {report.document}, which is not in the file")
    expected = set()
    if reports:
        merged = merged_event(reports)
        if merged.iri != event:
            raise _refuse(name, f"the event graph {node} keeps reports of another event ({merged.iri})")
        expected = {str(q.triple) for q in ox.parse(event_graph(merged, reports).encode("utf-8"),
                                                    format=ox.RdfFormat.N_TRIPLES)}
    actual = {str(q.triple) for q in scratch.quads_for_pattern(None, None, None, node)}
    if expected != actual:
        extra = sorted(actual - expected) or sorted(expected - actual)
        raise _refuse(name, f"the event graph {node} is not the merge of the reports it keeps "
                            f"(first difference: {extra[0]})")
    plan.events[event] = reports


def _check_placement(scratch: "ox.Store", name: str, plan: _Plan) -> None:
    """Terms only kg build writes appear only where it writes them; the default graph is the ontology."""
    ontology = {str(q.triple) for q in ox.parse(resources.ontology_text().encode("utf-8"),
                                                format=ox.RdfFormat.TURTLE)}
    for quad in scratch.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        if str(quad.triple) not in ontology:
            raise _refuse(name, f"the default graph holds {quad.triple}: a kg export keeps every triple in "
                                "a named graph")
        plan.ontology += 1
    for graph in plan.others:
        for quad in scratch.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            problem = owned_term(quad)
            if problem:
                raise _refuse(name, f"{problem}, in the graph {graph}, which is not a document's")
    for graph in plan.documents:
        node = ox.NamedNode(graph)
        for quad in scratch.quads_for_pattern(None, None, None, node):
            if quad.subject == node and quad.predicate in (RDF_TYPE, CONTENT_HASH, GIVES):
                continue  # the document's own catalogue entry, checked above
            problem = owned_statement(quad.subject, quad.predicate, quad.object, own_node=node)
            if problem:
                raise _refuse(name, f"{problem}, in the document graph {graph}")


# --- writing ------------------------------------------------------------------------------


def _write_documents(store, scratch: "ox.Store", plan: _Plan) -> None:
    """Write each document, with the descriptions it gives and its reports, through the store's write path."""
    def documents():
        for graph in sorted(plan.documents):
            node = ox.NamedNode(graph)
            own, given = [], []
            for quad in scratch.quads_for_pattern(None, None, None, node):
                if quad.subject == node and quad.predicate == GIVES:
                    given.append(plan.kept[quad.object])
                else:
                    own.append(quad.triple)
            described = "".join(descriptions.ntriples(d.triples) for d in given)
            reports = "".join(r.to_json() + "\n" for found in plan.events.values() for r in found
                              if r.document == graph)
            yield graph, ox.serialize(own, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), described, reports

    stream = documents()
    while batch := list(itertools.islice(stream, DOCUMENTS_PER_WRITE)):
        store.write_documents(batch)
