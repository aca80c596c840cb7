"""Event graphs: one named graph per real event, merged from the reports of every document.

Each event lives in a graph named by its IRI (``kg.rdf.reports.event_graph``): the merged event,
``prov:wasDerivedFrom`` each document that reports it, its mentions, each report as JSON
(``dip:reportData``) and the keys it is found by (``dip:identityKey``). When documents are added
or removed, ``plan_events`` finds every stored report that could be one event with theirs (the
connected component of the compatibility relation, followed key by key), groups the component
again (``kg.store.identity.partition``) and returns the event graphs to drop and to write: the
events a document does not touch stay as they are, and the result is the same whatever order
the documents came in. The store classes answer the two lookups (``EventLookup``) from their
indexes or with SPARQL.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional, Protocol, Sequence

import pyoxigraph as ox

from kg.prefixes import NS, PREFIXES
from kg.rdf.reports import Report, event_graph, event_iri
from kg.store.identity import (LINKED_FACTUALITY, UNLINKED, WINDOW, evidence, lookup_keys, merged_event, partition,
                               time_span)
from kg.vocab import ID

EVENT_PREFIX = f"{ID}event/"
DERIVED = ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom")
REPORT_DATA = ox.NamedNode(NS + "reportData")
IDENTITY_KEY = ox.NamedNode(NS + "identityKey")
_DOCUMENT = ox.NamedNode(NS + "Document")
_REPORTS_OF_DOCUMENTS = (f"SELECT DISTINCT ?e ?r WHERE {{{{ VALUES ?d {{{{ {{values}} }}}} "
                         f"GRAPH ?e {{{{ ?e {DERIVED} ?d ; {REPORT_DATA} ?r }}}} }}}}")
_REPORTS_WITH_KEYS = (f"SELECT DISTINCT ?e ?r WHERE {{{{ VALUES ?k {{{{ {{values}} }}}} "
                      f"GRAPH ?e {{{{ ?e {IDENTITY_KEY} ?k ; {REPORT_DATA} ?r }}}} }}}}")
# documents events are derived from that are not stored (a group write that stopped half way)
_MISSING_DOCUMENTS = (f"SELECT DISTINCT ?d WHERE {{ GRAPH ?e {{ ?e {DERIVED} ?d ; {REPORT_DATA} ?r }} "
                      f"FILTER NOT EXISTS {{ GRAPH ?d {{ ?d a {_DOCUMENT} }} }} }}")


def is_event_graph(graph: str) -> bool:
    """Return True when ``graph`` names an event's graph."""
    return graph.startswith(EVENT_PREFIX)


class EventLookup(Protocol):
    def _events_of_documents(self, documents: set[str]) -> dict[str, list[Report]]:
        """Return the events fed by these documents, with all their reports."""

    def _events_with_keys(self, keys: set[str]) -> dict[str, list[Report]]:
        """Return the events stored under any of these identity keys, with all their reports."""


@dataclass
class EventPlan:
    """The event graphs a write changes: ``drops`` to remove, ``graphs`` to write (IRI -> N-Triples).

    ``fresh`` names the graphs of events made only of the new reports: a write may store them
    with the documents (a bulk load); the others take over reports of stored events and are
    written with the ``drops``, so that a write that stops between the two can be repaired from
    the reports the store keeps (``DocumentCatalog.repair_events``).
    """

    drops: list[str] = field(default_factory=list)
    graphs: dict[str, str] = field(default_factory=dict)
    fresh: set[str] = field(default_factory=set)
    # each graph written: its identity keys and the JSON of its reports (what ``EventIndex`` learns)
    written: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)

    @property
    def replaced(self) -> dict[str, str]:
        """The graphs to write that hold reports of events already stored."""
        return {iri: text for iri, text in self.graphs.items() if iri not in self.fresh}

    @property
    def new(self) -> dict[str, str]:
        """The graphs to write for events only the new reports make."""
        return {iri: text for iri, text in self.graphs.items() if iri in self.fresh}


class EventGraphs:
    """The event lookups and the repair a store needs, in SPARQL (a local store uses its indexes).

    Mixed into ``kg.store.catalog.DocumentCatalog``, which supplies ``_select`` and ``_update``.
    """

    def _reports_by_event(self, query: str, values: list[str]) -> dict[str, list[Report]]:
        out: dict[str, dict[str, Report]] = {}
        if values:
            for row in self._select(query.format(values=" ".join(sorted(values)))):
                report = Report.from_json(row["r"].value)
                out.setdefault(row["e"].value, {})[report.key] = report
        return {iri: list(found.values()) for iri, found in out.items()}

    def _events_of_documents(self, documents: set[str]) -> dict[str, list[Report]]:
        return self._reports_by_event(_REPORTS_OF_DOCUMENTS, [str(ox.NamedNode(d)) for d in documents])

    def _events_with_keys(self, keys: set[str]) -> dict[str, list[Report]]:
        return self._reports_by_event(_REPORTS_WITH_KEYS, [str(ox.Literal(k)) for k in keys])

    def _missing_documents(self) -> set[str]:
        """Return the documents events keep reports of that the store does not hold."""
        return {row["d"].value for row in self._select(_MISSING_DOCUMENTS)}


class IndexedEventLookups:
    """The event lookups answered from a local Oxigraph store's indexes (``self.ox``).

    The graphs found under each identity key and the reports of each graph are remembered
    (``EventIndex``): a build asks the same keys (a family, a month, a side) and graphs for
    document after document, and each lookup, on the writer thread, holds the interpreter lock
    the reading waits for. The store keeps the index exact: its grouped writes tell it the event
    graphs they drop and write (``_events_written``), and any other write forgets it.
    """

    _event_index: Optional["EventIndex"] = None

    def _index(self) -> "EventIndex":
        if self._event_index is None:
            self._event_index = EventIndex()
        return self._event_index

    def _forget_events(self) -> None:
        self._event_index = None

    def _events_written(self, plan: "EventPlan") -> None:
        """After a write of ``plan``'s drops and graphs, and of nothing else that changes event graphs."""
        if self._event_index is not None:
            self._event_index.written(plan.drops, plan.written)

    def _graphs_with_key(self, key: str) -> list[str]:
        index = self._index()
        graphs = index.graphs(key)
        if graphs is None:
            graphs = index.put_graphs(key, [q.graph_name.value for q in
                                            self.ox.quads_for_pattern(None, IDENTITY_KEY, ox.Literal(key), None)])
        return graphs

    def _events_of_documents(self, documents: set[str]) -> dict[str, list[Report]]:
        found: dict[str, list[Report]] = {}
        for doc in documents:
            for quad in self.ox.quads_for_pattern(None, DERIVED, ox.NamedNode(doc), None):
                graph = quad.graph_name
                if graph == quad.subject and graph.value not in found and is_event_graph(graph.value):
                    found[graph.value] = self._reports_in(graph)
        return found

    def _events_with_keys(self, keys: set[str]) -> dict[str, list[Report]]:
        found: dict[str, list[Report]] = {}
        for key in sorted(keys):
            for graph in self._graphs_with_key(key):
                if graph not in found:
                    found[graph] = self._reports_in(ox.NamedNode(graph))
        return found

    def _reports_in(self, graph) -> list[Report]:
        index = self._index()
        texts = index.reports(graph.value)
        if texts is None:
            texts = tuple(q.object.value for q in self.ox.quads_for_pattern(graph, REPORT_DATA, None, graph))
            index.put_reports(graph.value, texts)
        return [report_from_json(text) for text in texts]


class EventIndex:
    """What a writer has learnt of the stored event graphs: exact, or forgotten.

    For the identity keys looked up so far, the graphs stored under each; for the graphs read or
    written so far, the JSON of their reports (``dip:reportData``). A key lookup makes a Python
    object of every quad it finds, and reading a graph's reports from a store that has not been
    compacted yet costs ~0.15 ms: a build asks the same keys and graphs for document after document.
    Memory stays bounded: past ``PAIRS`` (key, graph) pairs the keys are forgotten, past
    ``CHARACTERS`` characters of reports the graphs learnt first (a build of 1,000 generated
    articles asks 26,000 pairs and writes 12 M characters of reports; bounded so, the index takes ~17 MB).
    """

    PAIRS = 50_000
    CHARACTERS = 6_000_000

    def __init__(self):
        self._clear_keys()
        self._clear_reports()

    def _clear_keys(self) -> None:
        self._graphs: dict[str, list[str]] = {}  # key -> graphs stored under it, for the keys asked
        self._keys: dict[str, set[str]] = {}  # graph -> the keys asked that it is stored under
        self._pairs = 0

    def _clear_reports(self) -> None:
        self._reports: dict[str, tuple[str, ...]] = {}  # graph -> the JSON of its reports
        self._characters = 0

    def graphs(self, key: str) -> Optional[list[str]]:
        return self._graphs.get(key)

    def put_graphs(self, key: str, graphs: list[str]) -> list[str]:
        if self._pairs + len(graphs) > self.PAIRS:
            self._clear_keys()
        graphs = list(dict.fromkeys(graphs))
        self._graphs[key] = graphs
        for graph in graphs:
            self._keys.setdefault(graph, set()).add(key)
        self._pairs += len(graphs)
        return graphs

    def reports(self, graph: str) -> Optional[tuple[str, ...]]:
        return self._reports.get(graph)

    def put_reports(self, graph: str, texts: tuple[str, ...]) -> None:
        self._drop_reports(graph)
        self._reports[graph] = texts
        self._characters += sum(map(len, texts))
        while self._characters > self.CHARACTERS:  # the graphs learnt first go first
            self._drop_reports(next(iter(self._reports)))

    def _drop_reports(self, graph: str) -> None:
        self._characters -= sum(map(len, self._reports.pop(graph, ())))

    def written(self, dropped: Iterable[str], added: dict[str, tuple[Iterable[str], tuple[str, ...]]]) -> None:
        """Graphs were dropped, then graphs written: ``{graph: (its keys, the JSON of its reports)}``."""
        for graph in dropped:
            self._drop_reports(graph)
            for key in self._keys.pop(graph, ()):
                self._graphs[key] = [g for g in self._graphs[key] if g != graph]
                self._pairs -= 1
        for graph, (keys, texts) in added.items():
            self.put_reports(graph, texts)
            for key in keys:
                found = self._graphs.get(key)
                if found is not None and key not in self._keys.setdefault(graph, set()):
                    found.append(graph)
                    self._keys[graph].add(key)
                    self._pairs += 1


def parse_reports(text: str | Sequence[Report]) -> list[Report]:
    """Read reports written one JSON object a line (``DocumentGraph.reports``); reports already read are kept."""
    if not isinstance(text, str):
        return list(text)
    return [report_from_json(line) for line in text.splitlines() if line.strip()]


def report_from_json(text: str) -> Report:
    """``Report.from_json``, keeping ``text`` as the report's JSON: it was written by ``to_json``,
    which gives the same text for the same report, so writing the report again needs no encoding."""
    report = Report.from_json(text)
    report.__dict__["_json"] = text  # the cached_property of Report.to_json
    return report


class _Frontier:
    """Reports to compare stored reports with, grouped by what ``evidence`` checks first.

    ``evidence(r, m)`` is None unless both can be linked (``UNLINKED``, ``LINKED_FACTUALITY``),
    have the same factuality and related classes (``Report.related``, which depends on the classes
    alone), and have dates that can be one event's (``time_span``: spans more than ``WINDOW``
    apart never are). Grouping the reports by class and factuality answers the first checks once
    per group, and each group is sorted by date, so a stored report is compared in full only with
    the reports it could be one event with: the same answers as comparing it with each of them,
    at a fraction of the cost on a large store.
    """

    def __init__(self, reports: Iterable[Report]):
        members: dict[tuple, list[Report]] = {}
        for m in reports:
            if m.cls not in UNLINKED and m.factuality in LINKED_FACTUALITY:
                members.setdefault(_signature(m), []).append(m)
        self.groups = {signature: _Dated(found) for signature, found in members.items()}
        self._related: dict[tuple, bool] = {}

    def any_evidence(self, r: Report) -> bool:
        """Return True when ``evidence(r, m)`` is not None for one of the reports."""
        if r.cls in UNLINKED or r.factuality not in LINKED_FACTUALITY:
            return False
        span = time_span(r)
        if span is None:
            return False
        mine = _signature(r)
        for theirs, members in self.groups.items():
            if theirs[-1] != r.factuality or not members.first:
                continue
            related = self._related.get((mine, theirs))
            if related is None:
                related = self._related[(mine, theirs)] = r.related(members.first)
            if related and any(evidence(r, m) is not None for m in members.near(span)):
                return True
        return False


class _Dated:
    """Reports by the first day of their ``time_span``: the ones within ``WINDOW`` of a span, quickly.

    Spans up to ``_NARROW`` days long are found by bisection; longer ones (a report told as the
    past spans its document's year) are few and checked one by one.
    """

    def __init__(self, reports: list[Report]):
        self.first = reports[0] if reports else None  # stands for the group's classes and factuality
        spans = [(span, m) for m in reports if (span := time_span(m)) is not None]
        narrow = sorted(((span, m) for span, m in spans if span[1] - span[0] <= _NARROW), key=lambda p: p[0])
        self._starts = [span[0] for span, _ in narrow]
        self._narrow = narrow
        self._wide = [(span, m) for span, m in spans if span[1] - span[0] > _NARROW]

    def near(self, span: tuple[int, int]) -> Iterator[Report]:
        """Yield the reports whose spans are at most ``WINDOW`` days from ``span``."""
        low, high = span[0] - _SLACK, span[1] + _SLACK
        for i in range(bisect.bisect_left(self._starts, low - _NARROW), bisect.bisect_right(self._starts, high)):
            (start, end), m = self._narrow[i]
            if end >= low:
                yield m
        for (start, end), m in self._wide:
            if start <= high and end >= low:
                yield m


_SLACK = WINDOW.days  # spans further apart than this have no time points (``time_span``)
_NARROW = 62  # days: spans up to this long are looked up by bisection


def _signature(report: Report) -> tuple:
    return report.cls, report.chain, report.symmetric_classes, report.factuality


def _component(lookup: EventLookup, adding: list[Report], removing: set[str]) -> tuple[dict, dict]:
    """Return the reports that may change event (by key) and the stored events they were in.

    Starts from the new reports and the surviving reports of the events the removed documents
    fed, and follows compatible reports, key lookup by key lookup, until nothing new is found.
    """
    touched = lookup._events_of_documents(removing) if removing else {}
    pool: dict[str, Report] = {r.key: r for r in adding}
    frontier = [r for r in adding]
    for reports in touched.values():
        for r in reports:
            if r.document not in removing and r.key not in pool:
                pool[r.key] = r
                frontier.append(r)
    fetched: dict[str, list[Report]] = {}
    looked_up: set[str] = set()
    while frontier:
        keys = {k for r in frontier for k in lookup_keys(r)} - looked_up
        looked_up |= keys
        if keys:
            fetched.update(lookup._events_with_keys(keys))
        grown = []
        near = _Frontier(frontier)
        for iri, reports in fetched.items():
            if iri in touched:
                continue
            live = [r for r in reports if r.document not in removing]
            if any(near.any_evidence(r) for r in live):
                touched[iri] = reports
                for r in live:
                    if r.key not in pool:
                        pool[r.key] = r
                        grown.append(r)
        frontier = grown
    return pool, touched


def plan_events(lookup: EventLookup, adding: Iterable[Report] = (), removing: Iterable[str] = ()) -> EventPlan:
    """Work out the event graphs to drop and write when documents are added and removed.

    Args:
        lookup: the store (its ``_events_of_documents`` and ``_events_with_keys``).
        adding: the reports of the documents being written.
        removing: the IRIs of documents being removed or replaced (their reports leave).
    """
    removing = set(removing)
    adding = list(adding)
    pool, touched = _component(lookup, adding, removing)
    plan = EventPlan()
    before = {iri: {r.key: r.to_json() for r in reports} for iri, reports in touched.items()}
    new_keys = {r.key for r in adding}
    kept = set()
    for group in partition(pool.values()):
        iri = event_iri(group[0])
        if before.get(iri) == {r.key: r.to_json() for r in group} and iri not in kept:
            kept.add(iri)  # the same reports as before: the graph stays as it is
            continue
        event = merged_event(group, iri=iri)
        plan.graphs[event.iri] = event_graph(event, group)
        plan.written[event.iri] = (event.keys, tuple(r.to_json() for r in group))
        if all(r.key in new_keys for r in group) and event.iri not in touched:
            plan.fresh.add(event.iri)
    plan.drops = sorted(iri for iri in touched if iri not in kept)
    return plan
