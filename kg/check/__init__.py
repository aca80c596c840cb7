"""``kg check``: contradictions between sources, with the sources on both sides and which is likelier.

What counts as a contradiction (every one names both sides and never changes either):

* ``title-contradicted``: a title claim the reference roles contradict at the document's date
  ("former President" while in office, "President Biden" after his term, "the Biden
  administration has" when he headed no government) — ``kg.check.titles``;
* ``role-not-held``, ``event-after-document``, ``disputed-detail``, ``factuality-conflict``:
  events — ``kg.check.events``.

The reference roles are the dated terms the store holds (the gazetteer's, written by ``kg build``)
and, for the offices it names, a user's roles file. ``check_store(..., write=True)`` stores the
findings as ``dip:Finding`` nodes in their own named graph (``FINDINGS_GRAPH``), replacing the
previous check's.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from kg.check import events
from kg.check.findings import FINDINGS_GRAPH, KINDS, Finding, Report, Side, findings_ntriples, render
from kg.check.read import select
from kg.check.reference import load_titles, read_references
from kg.check.titles import title_findings

__all__ = ["check_store", "check_location", "render", "Report", "Finding", "Side", "FINDINGS_GRAPH", "KINDS"]

_PERSONS = "SELECT ?person ?label WHERE { ?person a dip:Person ; rdfs:label ?label }"


def check_store(store, *, roles_file: Optional[Path] = None, write: bool = False) -> Report:
    """Check every document of ``store`` against the reference roles and against the other documents.

    Args:
        store: an open store (local or remote; opened for writing when ``write``).
        roles_file: a user's roles file (the shape of the gazetteer's people), adding reference terms.
        write: store the findings in ``FINDINGS_GRAPH`` (replacing the last check's findings).
    Returns:
        The ``Report``: findings in a stable order, and how many claims and event reports were checked.
    Raises:
        InputError: the roles file is unreadable or malformed.
    """
    from kg.rdf.ontology import read_event_classes

    titles = load_titles()
    refs = read_references(store, titles, roles_file)
    classes = read_event_classes()
    found, claims = title_findings(store, refs, titles)
    reports = events.read_reports(store, classes)
    labels = {row["person"]: row["label"] for row in select(store, _PERSONS)}
    found += events.role_not_held(reports, refs, titles, labels, events.classes_needing_a_leader(), classes)
    found += events.after_document(reports)
    found += events.disputed_details(store, classes)
    found += events.factuality_conflicts(reports, classes)
    report = Report(sorted(found, key=lambda f: (list(KINDS).index(f.kind), f.summary)),
                    {"claims": claims, "event reports": len(reports)})
    if write:
        store.replace_graph(FINDINGS_GRAPH, findings_ntriples(report.findings))
        report.written = FINDINGS_GRAPH
    return report


def check_location(location, *, roles_file: Optional[Path] = None, write: bool = False) -> Report:
    """Open the store at ``location`` (read-only unless ``write``) and ``check_store`` it."""
    from kg.store.local import open_store

    with open_store(location, read_only=not write, create=False) as store:
        return check_store(store, roles_file=roles_file, write=write)
